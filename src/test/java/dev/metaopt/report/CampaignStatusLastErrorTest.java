package dev.metaopt.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.FinishedCampaign;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.json.Json;
import dev.metaopt.state.Ledger;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code last_error} of the status: the ledger's last protocol violation or failed dispatch. */
class CampaignStatusLastErrorTest {
  @TempDir Path dir;
  private ProjectLayout layout;
  private Ledger ledger;

  @BeforeEach
  void finishedCampaign() throws Exception {
    layout = new ProjectLayout(FinishedCampaign.copyTo(dir));
    ledger = new Ledger(layout.ledgerFile(), Clock.systemUTC());
  }

  @Test
  void isTheLastFailedDispatchOrProtocolViolation() {
    // given
    ledger.append("protocol_violation", fields("reason", "bad handoff"));
    ledger.append("dispatch", fields("failure", "worker timed out").put("succeeded", false));
    ledger.append("dispatch", fields("lane", "ideation").put("succeeded", true));
    ledger.append("transition", fields("summary", "dispatch retried; protocol_violation seen"));

    // when
    JsonNode error = CampaignStatus.of(layout).path("last_error");

    // then
    assertThat(error.path("event").asText()).isEqualTo("dispatch");
    assertThat(error.path("failure").asText()).isEqualTo("worker timed out");
  }

  @Test
  void isAProtocolViolationAfterAFailedDispatch() {
    // given
    ledger.append("dispatch", fields("failure", "worker timed out").put("succeeded", false));
    ledger.append("protocol_violation", fields("reason", "bad handoff"));

    // when
    JsonNode error = CampaignStatus.of(layout).path("last_error");

    // then
    assertThat(error.path("reason").asText()).isEqualTo("bad handoff");
  }

  @Test
  void isNullWithoutEither() {
    // given
    ledger.append("dispatch", fields("lane", "ideation").put("succeeded", true));
    ledger.append("transition", fields("summary", "a dispatch failed? no"));

    // when
    JsonNode error = CampaignStatus.of(layout).path("last_error");

    // then
    assertThat(error.isNull()).isTrue();
  }

  private static ObjectNode fields(String key, String value) {
    return Json.object().put(key, value);
  }
}
