package dev.metaopt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.json.Json;
import dev.metaopt.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
  @TempDir Path dir;

  static CliRun validate(String... args) {
    return CliRun.of("validate", List.of(args));
  }

  @Test
  void validCampaignPrintsOkAndItsIdentity() {
    CliRun run = validate("tests-fixtures/upstream/ml_metaopt_campaign.example.yaml");
    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("OK", "(campaign)",
        "sha256:76d87a271abe95ba765ac749237a1383dd4c75956671de88f15bba9cca13bc81");
  }

  @Test
  void kindsAreInferredFromTheDocument() {
    assertThat(validate("tests-fixtures/upstream/state/running.json").out()).contains("(state)");
    assertThat(validate("tests-fixtures/upstream/backend/poll-sweep-running.json").out())
        .contains("(worker-result)");
    assertThat(validate("tests-fixtures/schemas/handoff/valid/hydrate-fresh.json").out())
        .contains("(handoff)");
    assertThat(validate("tests-fixtures/schemas/preflight-readiness/valid/ready.json").out())
        .contains("(preflight)");
  }

  @Test
  void invalidStateListsEveryProblemAndExits6() {
    CliRun run = validate("tests-fixtures/upstream/state/invalid-missing-proposal-cycle.json");
    assertThat(run.code()).isEqualTo(6);
    assertThat(run.out()).contains("proposal_cycle", "problem(s)");
  }

  @Test
  void jsonOutputCarriesPathRuleValueAndHint() throws Exception {
    Path campaign = dir.resolve("c.yaml");
    Files.writeString(campaign, Files.readString(
        Path.of("tests-fixtures/upstream/ml_metaopt_campaign.example.yaml"))
        .replace("num_sweep_agents: 4", "num_sweep_agents: 99"));
    CliRun run = validate(campaign.toString(), "--json");
    var json = Json.parse(run.out());
    assertThat(run.code()).isEqualTo(6);
    assertThat(json.path("valid").asBoolean()).isFalse();
    assertThat(json.path("issues").get(0).path("path").asText())
        .isEqualTo("compute.num_sweep_agents");
    assertThat(json.path("issues").get(0).path("value").asText()).isEqualTo("99");
  }

  @Test
  void preflightSummaryInvariantIsChecked() throws Exception {
    Path artifact = dir.resolve("p.json");
    Files.writeString(artifact, Files.readString(
        Path.of("tests-fixtures/schemas/preflight-readiness/valid/ready.json"))
        .replace("\"total\": 1", "\"total\": 5"));
    CliRun run = validate(artifact.toString());
    assertThat(run.code()).isEqualTo(6);
    assertThat(run.out()).contains("passed + failed + bootstrapped + warnings must equal total");
  }

  @Test
  void unrecognisableDocumentAsksForKind() throws Exception {
    Path file = dir.resolve("x.json");
    Files.writeString(file, "{\"hello\": 1}");
    CliRun run = validate(file.toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--kind");
  }

  @Test
  void brokenJsonNamesTheFile() throws Exception {
    Path file = dir.resolve("broken.json");
    Files.writeString(file, "{\"machine_state\": ");
    CliRun run = validate(file.toString(), "--kind", "state");
    assertThat(run.code()).isEqualTo(6);
    assertThat(run.out()).contains("broken.json", "not valid JSON");
  }
}
