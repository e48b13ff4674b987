package dev.metaopt.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;
import dev.metaopt.schema.SchemaKind;
import dev.metaopt.schema.SchemaValidator;
import org.junit.jupiter.api.Test;

/** The built-in workers: schema-valid, deterministic, and using the space, baseline and trials. */
class BuiltinsTest {
  static ObjectNode task(String json) throws Exception {
    ObjectNode task = (ObjectNode) Json.parse(json);
    task.set("objective", Json.parse("{\"metric\": \"acc\", \"direction\": \"maximize\","
        + " \"improvement_threshold\": 0.01}"));
    task.set("compute", Json.parse("{\"num_sweep_agents\": 2, \"max_trials_per_sweep\": 8}"));
    task.set("search_space", Json.parse("{\"lr\": {\"distribution\": \"log_uniform_values\","
        + " \"min\": 0.0001, \"max\": 1.0}, \"hidden\": {\"values\": [8, 16, 32, 64]},"
        + " \"act\": {\"values\": [\"relu\", \"tanh\"]}}"));
    return task;
  }

  static ObjectNode ideationTask(String slot, long seed, String baseline) throws Exception {
    ObjectNode task = task("{\"slot_id\": \"" + slot + "\", \"seed\": " + seed + ","
        + " \"current_pool\": [], \"history\": []}");
    task.set("baseline", Json.parse(baseline));
    return task;
  }

  @Test
  void ideationIsDeterministicAndSchemaValid() throws Exception {
    IdeationWorker worker = new IdeationWorker();
    ObjectNode a = worker.run(ideationTask("bg-1", 5, "null"));
    ObjectNode b = worker.run(ideationTask("bg-1", 5, "null"));
    assertThat(a).isEqualTo(b);
    assertThat(SchemaValidator.validate(SchemaKind.IDEATION_RESULT, a)).isEmpty();
    JsonNode config = a.path("proposal_candidates").get(0).path("sweep_config");
    assertThat(config.path("metric").path("name").asText()).isEqualTo("acc");
    assertThat(config.path("metric").path("goal").asText()).isEqualTo("maximize");
  }

  /** Poll rows for trials {@code {lr, hidden, act, acc}}. */
  static ArrayNode trials(Object[][] rows) {
    ArrayNode trials = Json.mapper().createArrayNode();
    int id = 0;
    for (Object[] r : rows) {
      ObjectNode t = trials.addObject();
      t.put("run_id", "r" + id++);
      t.put("state", "finished");
      t.put("metric", (Double) r[3]);
      ObjectNode config = t.putObject("config");
      config.put("lr", (Double) r[0]);
      config.put("hidden", (Integer) r[1]);
      config.put("act", (String) r[2]);
    }
    return trials;
  }

  static JsonNode proposed(ObjectNode task) {
    return new IdeationWorker().run(task).path("proposal_candidates").get(0);
  }

  @Test
  void ideationDoesNotNarrowOnTheEvidenceOfOneTrial() throws Exception {
    // given: a baseline and only the trial that produced it (the old rule cut lr around it)
    ObjectNode task = ideationTask("bg-4", 1, "{\"value\": 0.9,"
        + " \"config\": {\"lr\": 0.01, \"hidden\": 32, \"act\": \"relu\"}}");
    task.set("trials", trials(new Object[][] {{0.01, 32, "relu", 0.9}}));

    // when
    JsonNode candidate = proposed(task);

    // then: the declared ranges, and the rationale says why
    JsonNode params = candidate.path("sweep_config").path("parameters");
    assertThat(params.path("lr").path("min").asDouble()).isEqualTo(0.0001);
    assertThat(params.path("lr").path("max").asDouble()).isEqualTo(1.0);
    assertThat(params.path("hidden").path("values")).hasSize(4);
    assertThat(candidate.path("rationale").asText()).contains("do not yet support narrowing");
  }

  @Test
  void ideationNarrowsToTheSpanOfTheBestTrialsOnALogScale() throws Exception {
    // given: 10 trials; the best two (0.9, 0.88) and third (0.85) have lr in [0.005, 0.02]
    ObjectNode task = ideationTask("bg-4", 1, "{\"value\": 0.9,"
        + " \"config\": {\"lr\": 0.01, \"hidden\": 32, \"act\": \"relu\"}}");
    task.set("trials", trials(new Object[][] {
        {0.01, 32, "relu", 0.9}, {0.02, 16, "relu", 0.88}, {0.005, 64, "tanh", 0.85},
        {0.0002, 32, "relu", 0.4}, {0.5, 8, "tanh", 0.3}, {0.1, 8, "relu", 0.6},
        {0.0005, 64, "tanh", 0.5}, {0.9, 16, "relu", 0.2}, {0.001, 8, "tanh", 0.55},
        {0.2, 32, "tanh", 0.45}}));

    // when
    JsonNode params = proposed(task).path("sweep_config").path("parameters");

    // then: every top trial inside, with a margin, and much narrower than declared
    double min = params.path("lr").path("min").asDouble();
    double max = params.path("lr").path("max").asDouble();
    assertThat(params.path("lr").path("distribution").asText()).isEqualTo("log_uniform_values");
    assertThat(min).isGreaterThan(0.0001).isLessThan(0.005);
    assertThat(max).isGreaterThan(0.02).isLessThan(1.0);
    assertThat(Math.log(max / min)).isLessThan(0.5 * Math.log(1.0 / 0.0001));
  }

  @Test
  void ideationKeepsARunnerUpRegionFarFromTheBest() throws Exception {
    // given: two good regions, lr near 1e-3 (best) and near 0.3 (runner-up)
    ObjectNode task = ideationTask("bg-4", 1, "{\"value\": 0.9,"
        + " \"config\": {\"lr\": 0.001, \"hidden\": 32, \"act\": \"relu\"}}");
    task.set("trials", trials(new Object[][] {
        {0.001, 32, "relu", 0.9}, {0.3, 32, "relu", 0.89}, {0.0012, 16, "relu", 0.87},
        {0.01, 8, "tanh", 0.4}, {0.03, 64, "tanh", 0.35}, {0.0001, 8, "relu", 0.3},
        {0.05, 16, "tanh", 0.45}, {0.003, 64, "tanh", 0.5}, {0.006, 8, "relu", 0.42},
        {0.02, 16, "tanh", 0.38}}));

    // when
    JsonNode lr = proposed(task).path("sweep_config").path("parameters").path("lr");

    // then: both regions stay
    assertThat(lr.path("min").asDouble()).isLessThanOrEqualTo(0.001);
    assertThat(lr.path("max").asDouble()).isGreaterThanOrEqualTo(0.3);
  }

  @Test
  void ideationKeepsEveryCategoricalChoiceForTheModelToJudge() throws Exception {
    // given: hidden=8 tried 3 times and act=tanh 4 times, never among the best
    ObjectNode task = ideationTask("bg-4", 1, "{\"value\": 0.9,"
        + " \"config\": {\"lr\": 0.01, \"hidden\": 32, \"act\": \"relu\"}}");
    task.set("trials", trials(new Object[][] {
        {0.01, 32, "relu", 0.9}, {0.02, 16, "relu", 0.88}, {0.005, 32, "relu", 0.85},
        {0.0002, 8, "relu", 0.4}, {0.5, 8, "tanh", 0.3}, {0.1, 8, "relu", 0.6},
        {0.0005, 16, "tanh", 0.5}, {0.9, 16, "relu", 0.2}, {0.001, 64, "tanh", 0.55},
        {0.2, 32, "tanh", 0.45}}));

    // when
    JsonNode params = proposed(task).path("sweep_config").path("parameters");

    // then: they may be good with other values of lr (a dropped choice is never tried again)
    assertThat(params.path("hidden").path("values").toString()).isEqualTo("[8,16,32,64]");
    assertThat(params.path("act").path("values").toString()).isEqualTo("[\"relu\",\"tanh\"]");
    assertThat(params.path("lr").path("max").asDouble()).as("lr narrowed").isLessThan(1.0);
  }

  @Test
  void ideationWidensWhereTheBestSatAtABound() throws Exception {
    ObjectNode task = ideationTask("bg-2", 1, "{\"value\": 0.9, \"iteration\": 1,"
        + " \"config\": {\"lr\": 0.099, \"hidden\": 32, \"act\": \"relu\"}}");
    ArrayNode history = task.putArray("history");
    history.addObject().put("iteration", 1).set("sweep_config", Json.parse("{\"parameters\":"
        + " {\"lr\": {\"distribution\": \"log_uniform_values\", \"min\": 0.001, \"max\": 0.1}}}"));
    ObjectNode answer = new IdeationWorker().run(task);
    JsonNode lr = answer.path("proposal_candidates").get(0).path("sweep_config")
        .path("parameters").path("lr");
    assertThat(lr.path("max").asDouble()).isGreaterThan(0.1).isLessThanOrEqualTo(1.0);
    assertThat(answer.path("proposal_candidates").get(0).path("rationale").asText())
        .contains("widen lr", "bound");
  }

  @Test
  void ideationNeverRepeatsASweepAlreadyPooled() throws Exception {
    IdeationWorker worker = new IdeationWorker();
    ObjectNode first = worker.run(ideationTask("bg-1", 5, "null"));
    ObjectNode task = ideationTask("bg-1", 5, "null");
    task.putArray("current_pool").addObject().set("sweep_config",
        first.path("proposal_candidates").get(0).path("sweep_config"));
    ObjectNode second = worker.run(task);
    assertThat(second.path("proposal_candidates").get(0).path("sweep_config"))
        .isNotEqualTo(first.path("proposal_candidates").get(0).path("sweep_config"));
  }

  @Test
  void ideationContinuesASearchWhenTheEvidenceDoesNotYetSupportAChange() throws Exception {
    // given: both methods already ran the declared space, and too few trials to narrow
    IdeationWorker worker = new IdeationWorker();
    ObjectNode task = ideationTask("bg-4", 1, "{\"value\": 0.9,"
        + " \"config\": {\"lr\": 0.01, \"hidden\": 32, \"act\": \"relu\"}}");
    task.put("iteration", 3);
    ArrayNode history = task.putArray("history");
    for (String method : new String[] {"bayes", "random"}) {
      ObjectNode ran = proposed(task).path("sweep_config").deepCopy();
      ran.put("method", method);
      history.addObject().set("sweep_config", ran);
    }

    // when
    ObjectNode answer = worker.run(task);

    // then: a schema-valid continuation, distinct from both
    JsonNode config = answer.path("proposal_candidates").get(0).path("sweep_config");
    assertThat(SchemaValidator.validate(SchemaKind.IDEATION_RESULT, answer)).isEmpty();
    assertThat(config.path("name").asText()).contains("continue the search", "iteration 3");
    assertThat(config).isNotIn(history.get(0).path("sweep_config"),
        history.get(1).path("sweep_config"));
    assertThat(answer.path("proposal_candidates").get(0).path("rationale").asText())
        .contains("runs none of them again");
  }

  @Test
  void ideationGridsASmallDiscreteSpaceButNotOneWithProbabilitiesWhichWandbsGridRefuses()
      throws Exception {
    for (String probabilities : new String[] {"", ", \"probabilities\": [0.5, 0.3, 0.2]"}) {
      ObjectNode task = ideationTask("bg-1", 1, "null");
      task.set("search_space", Json.parse("{\"layers\": {\"values\": [1, 2, 3]" + probabilities
          + "}, \"act\": {\"values\": [\"relu\", \"tanh\"]}}"));
      String method = proposed(task).path("sweep_config").path("method").asText();
      assertThat(method.equals("grid")).as(probabilities).isEqualTo(probabilities.isEmpty());
    }
  }

  @Test
  void ideationWithoutAnySpaceFailsClearly() throws Exception {
    ObjectNode task = ideationTask("bg-1", 1, "null");
    task.putNull("search_space");
    ObjectNode answer = new IdeationWorker().run(task);
    assertThat(answer.path("status").asText()).isEqualTo("failed");
    assertThat(answer.path("summary").asText()).contains("search_space");
    assertThat(SchemaValidator.validate(SchemaKind.IDEATION_RESULT, answer)).isEmpty();
  }

  @Test
  void selectionPicksAPoolMemberAndExplainsEveryScore() throws Exception {
    ObjectNode task = task("{\"history\": []}");
    task.set("baseline", Json.parse("{\"value\": 0.9, \"config\": {\"lr\": 0.01}}"));
    ArrayNode pool = task.putArray("pool");
    pool.add(Json.parse("{\"proposal_id\": \"c-p1\", \"sweep_config\": {\"method\": \"random\","
        + " \"metric\": {\"name\": \"acc\", \"goal\": \"maximize\"}, \"parameters\": {\"lr\":"
        + " {\"min\": 0.5, \"max\": 0.9}}}}"));
    pool.add(Json.parse("{\"proposal_id\": \"c-p2\", \"sweep_config\": {\"method\": \"bayes\","
        + " \"run_cap\": 8, \"metric\": {\"name\": \"acc\", \"goal\": \"maximize\"},"
        + " \"parameters\": {\"lr\": {\"min\": 0.001, \"max\": 0.1}}}}"));
    ObjectNode answer = new SelectionWorker().run(task);
    assertThat(SchemaValidator.validate(SchemaKind.SELECTION_RESULT, answer)).isEmpty();
    assertThat(answer.path("winning_proposal").path("proposal_id").asText()).isEqualTo("c-p2");
    assertThat(answer.path("ranking_rationale").asText()).contains("c-p1", "c-p2");
  }

  @Test
  void analysisComparesDirectionAwareAndNamesTheParameterThatMattered() throws Exception {
    ObjectNode task = task("{}");
    task.set("baseline", Json.parse("{\"value\": 0.70}"));
    ArrayNode trials = ((ObjectNode) task.putObject("sweep")).putArray("trials");
    double[] lrs = {0.001, 0.003, 0.01, 0.03, 0.1};
    for (int i = 0; i < lrs.length; i++) {
      trials.add(Json.parse("{\"run_id\": \"r" + i + "\", \"state\": \"finished\", \"config\":"
          + " {\"lr\": " + lrs[i] + ", \"act\": \"" + (i % 2 == 0 ? "relu" : "tanh") + "\"},"
          + " \"metric\": " + (0.6 + 0.05 * i) + "}"));
    }
    trials.add(Json.parse("{\"run_id\": \"r9\", \"state\": \"killed\", \"config\": {\"lr\": 0.5},"
        + " \"metric\": null, \"reason\": \"nan\"}"));
    task.set("selected_sweep", Json.parse("{\"sweep_config\": {\"parameters\": {\"lr\":"
        + " {\"distribution\": \"log_uniform_values\", \"min\": 0.001, \"max\": 0.1}}}}"));
    ObjectNode answer = new AnalysisWorker().run(task);
    assertThat(SchemaValidator.validate(SchemaKind.ANALYSIS_RESULT, answer)).isEmpty();
    assertThat(answer.path("improved").asBoolean()).isTrue();
    assertThat(answer.path("best_metric_value").asDouble()).isEqualTo(0.8);
    assertThat(answer.path("best_run_id").asText()).isEqualTo("r4");
    String learnings = answer.path("learnings").toString();
    assertThat(learnings).contains("lr had the strongest monotone effect", "best lr=0.1",
        "upper bound", "nan");
  }

  @Test
  void analysisOfAMinimizeObjectiveAndANanSweep() throws Exception {
    ObjectNode task = task("{}");
    task.set("objective", Json.parse("{\"metric\": \"loss\", \"direction\": \"minimize\","
        + " \"improvement_threshold\": 0.1}"));
    task.set("baseline", Json.parse("{\"value\": 1.0}"));
    task.putObject("sweep").putArray("trials").add(Json.parse("{\"run_id\": \"r\", \"state\":"
        + " \"finished\", \"config\": {}, \"metric\": 0.95}"));
    assertThat(new AnalysisWorker().run(task).path("improved").asBoolean()).isFalse();
    task.putObject("sweep").putArray("trials").add(Json.parse("{\"run_id\": \"r\", \"state\":"
        + " \"failed\", \"config\": {}, \"metric\": null}"));
    ObjectNode nan = new AnalysisWorker().run(task);
    assertThat(nan.path("improved").asBoolean()).isFalse();
    assertThat(nan.path("learnings").get(0).asText()).isEqualTo(AnalysisWorker.NAN_LEARNING);
  }

  @Test
  void analysisOfASweepThatRanNothingSaysWhyInsteadOfSuspectingACrash() throws Exception {
    ObjectNode task = task("{}");
    ObjectNode sweep = task.putObject("sweep");
    sweep.putArray("trials");
    sweep.put("stop_detail", "every configuration of its space had already been measured");

    ObjectNode answer = new AnalysisWorker().run(task);

    assertThat(answer.path("improved").asBoolean()).isFalse();
    assertThat(answer.path("learnings").get(0).asText()).isEqualTo("The sweep ran no trial:"
        + " every configuration of its space had already been measured");
    assertThat(SchemaValidator.validate(SchemaKind.ANALYSIS_RESULT, answer)).isEmpty();
  }
}
