package dev.metaopt.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The narrowing rule: a space narrower than the declared one is proposed and selected only when
 * the model of every trial expects the most improvement inside it.
 */
class NarrowingRuleTest {
  /** Ten trials whose best three have lr in [0.005, 0.02]: the evidence narrows lr. */
  private static ObjectNode ideationTask() throws Exception {
    ObjectNode task = BuiltinsTest.ideationTask("bg-4", 1, "{\"value\": 0.9,"
        + " \"config\": {\"lr\": 0.01, \"hidden\": 32, \"act\": \"relu\"}}");
    task.set("trials", BuiltinsTest.trials(new Object[][] {
        {0.01, 32, "relu", 0.9}, {0.02, 16, "relu", 0.88}, {0.005, 64, "tanh", 0.85},
        {0.0002, 32, "relu", 0.4}, {0.5, 8, "tanh", 0.3}, {0.1, 8, "relu", 0.6},
        {0.0005, 64, "tanh", 0.5}, {0.9, 16, "relu", 0.2}, {0.001, 8, "tanh", 0.55},
        {0.2, 32, "tanh", 0.45}}));
    return task;
  }

  /** A model whose best next point is {@code lr}, hidden 32, relu. */
  private static SearchModel expectsMostAt(double lr) {
    return (space, objective, trials, seed) -> Optional.of(Map.of(
        "lr", Json.nodes().numberNode(lr), "hidden", Json.nodes().numberNode(32),
        "act", Json.nodes().textNode("relu")));
  }

  private static JsonNode proposed(SearchModel model, ObjectNode task) {
    return new IdeationWorker(model).run(task).path("proposal_candidates").get(0);
  }

  @Test
  void ideationNarrowsWhenTheModelsBestNextPointLiesInside() throws Exception {
    // given the model expecting the most at lr=0.01, inside the narrowed lr range
    // when ideation proposes
    JsonNode candidate = proposed(expectsMostAt(0.01), ideationTask());

    // then the narrowed space, and the rationale says why
    JsonNode lr = candidate.path("sweep_config").path("parameters").path("lr");
    assertThat(lr.path("min").asDouble()).isGreaterThan(0.0001);
    assertThat(lr.path("max").asDouble()).isLessThan(1.0);
    assertThat(candidate.path("rationale").asText()).contains("lr=0.01", "inside this space");
  }

  @Test
  void ideationContinuesTheDeclaredSpaceWhenTheModelLooksOutsideTheNarrowedOne()
      throws Exception {
    // given the model expecting the most at lr=0.5, which the evidence's narrowing cuts out
    // when ideation proposes
    JsonNode candidate = proposed(expectsMostAt(0.5), ideationTask());

    // then the whole declared space, searched by bayes (which starts from every earlier trial)
    JsonNode config = candidate.path("sweep_config");
    assertThat(config.path("method").asText()).isEqualTo("bayes");
    assertThat(config.path("parameters").path("lr").path("min").asDouble()).isEqualTo(0.0001);
    assertThat(config.path("parameters").path("lr").path("max").asDouble()).isEqualTo(1.0);
    assertThat(candidate.path("rationale").asText()).contains("lr=0.5",
        "outside the narrowed space");
  }

  @Test
  void withoutAModelIdeationNarrowsOnTheEvidenceAlone() throws Exception {
    JsonNode lr = proposed(SearchModel.NONE, ideationTask()).path("sweep_config")
        .path("parameters").path("lr");
    assertThat(lr.path("min").asDouble()).isGreaterThan(0.0001);
  }

  /** A pool of a narrowed, novel proposal (p1) and the declared space already run (p2). */
  private static ObjectNode selectionTask() throws Exception {
    ObjectNode task = BuiltinsTest.task("{\"seed\": 3}");
    JsonNode declared = task.path("search_space");
    ObjectNode ran = Json.object();
    ran.putObject("sweep_config").put("method", "bayes").set("parameters", declared.deepCopy());
    task.putArray("history").add(ran);
    task.set("baseline", Json.parse("{\"value\": 0.9, \"config\": {\"lr\": 0.01, \"hidden\":"
        + " 32, \"act\": \"relu\"}}"));
    task.set("trials", BuiltinsTest.trials(new Object[][] {{0.01, 32, "relu", 0.9}}));
    ArrayNode pool = task.putArray("pool");
    ObjectNode narrowed = pool.addObject().put("proposal_id", "c-p1");
    ObjectNode narrowedConfig = narrowed.putObject("sweep_config").put("method", "bayes")
        .put("run_cap", 8);
    ObjectNode parameters = declared.deepCopy();
    parameters.set("lr", Json.parse("{\"distribution\": \"log_uniform_values\", \"min\": 0.001,"
        + " \"max\": 0.1}"));
    narrowedConfig.set("parameters", parameters);
    ObjectNode whole = pool.addObject().put("proposal_id", "c-p2");
    whole.putObject("sweep_config").put("method", "bayes").put("run_cap", 8)
        .set("parameters", declared.deepCopy());
    return task;
  }

  private static String winner(SearchModel model) throws Exception {
    return new SelectionWorker(model).run(selectionTask()).path("winning_proposal")
        .path("proposal_id").asText();
  }

  @Test
  void selectionPrefersTheNovelNarrowedSpaceWhenItHoldsTheModelsBestNextPoint()
      throws Exception {
    assertThat(winner(SearchModel.NONE)).isEqualTo("c-p1");
    assertThat(winner(expectsMostAt(0.01))).isEqualTo("c-p1");
  }

  @Test
  void selectionPassesOverANarrowedSpaceThatCutsOutTheModelsBestNextPoint() throws Exception {
    // given the model expecting the most at lr=0.5, outside c-p1's lr range
    ObjectNode answer = new SelectionWorker(expectsMostAt(0.5)).run(selectionTask());

    // then the declared space is selected, and the ranking says why
    assertThat(answer.path("winning_proposal").path("proposal_id").asText()).isEqualTo("c-p2");
    assertThat(answer.path("ranking_rationale").asText())
        .contains("cuts out the model's best next point", "holds the model's best next point");
  }

  @Test
  void selectionGivesARandomSweepNoCreditForHoldingTheModelsBestNextPoint() throws Exception {
    // given the declared space proposed with random (as an early, baseline-less proposal left in
    // the pool is), and the model expecting the most at lr=0.5, outside c-p1's lr range
    ObjectNode task = selectionTask();
    ((ObjectNode) task.path("pool").get(1).path("sweep_config")).put("method", "random");

    // when
    ObjectNode answer = new SelectionWorker(expectsMostAt(0.5)).run(task);

    // then the bayes sweep wins: a random one would not look where the model looks
    assertThat(answer.path("winning_proposal").path("proposal_id").asText()).isEqualTo("c-p1");
    assertThat(answer.path("ranking_rationale").asText())
        .contains("random search does not look where the model looks");
  }
}
