package dev.metaopt.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The campaign's model of every trial: where the GP expects the most improvement. */
class GpSearchModelTest {
  private static final ObjectNode SPACE = Json.object();
  private static final ObjectNode OBJECTIVE = Json.object().put("metric", "loss")
      .put("direction", "minimize");

  static {
    SPACE.putObject("x").put("min", 0.0).put("max", 1.0);
  }

  /** Poll rows at {@code xs}, loss (x − 0.7)², and one failed trial at x = 0.05. */
  private static ArrayNode trials(double... xs) {
    ArrayNode rows = Json.mapper().createArrayNode();
    for (double x : xs) {
      ObjectNode row = rows.addObject().put("state", "finished").put("metric",
          (x - 0.7) * (x - 0.7));
      row.putObject("config").put("x", x);
    }
    ObjectNode failed = rows.addObject().put("state", "failed");
    failed.putNull("metric");
    failed.putObject("config").put("x", 0.05);
    return rows;
  }

  @Test
  void theBestNextPointLiesWhereTheTrialsPointTo() {
    // given 11 trials spread over [0, 1] of a loss smallest at x = 0.7
    ArrayNode rows = trials(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 0.9, 0.95, 1.0);

    // when the model is asked where it expects the most improvement
    Optional<Map<String, JsonNode>> next = new GpSearchModel().bestNext(SPACE, OBJECTIVE,
        rows, 1);

    // then near the minimum between the two best trials, and the same for the same seed
    assertThat(next).isPresent();
    assertThat(next.get().get("x").asDouble()).isBetween(0.6, 0.8);
    assertThat(new GpSearchModel().bestNext(SPACE, OBJECTIVE, rows, 1)).isEqualTo(next);
  }

  @Test
  void tooFewTrialsOrAnotherSpaceGiveNoAnswer() {
    assertThat(new GpSearchModel().bestNext(SPACE, OBJECTIVE, trials(0.3), 1)).isEmpty();
    assertThat(new GpSearchModel().bestNext(Json.object(), OBJECTIVE, trials(0.3, 0.6, 0.9),
        1)).isEmpty();
  }
}
