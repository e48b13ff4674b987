package dev.metaopt.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.backend.ConfigurationKey;
import dev.metaopt.json.Json;
import dev.metaopt.protocol.TrialState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Campaign memory: earlier iterations warm-start a sweep, and nothing measured is re-run. */
class CampaignMemoryTest {
  @TempDir Path sweeps;

  static SweepSpec spec(String method, String parameters) throws Exception {
    return SweepSpec.parse(Json.parse("{\"method\": \"" + method + "\", \"metric\": {\"name\":"
        + " \"acc\", \"goal\": \"maximize\"}, \"run_cap\": 50, \"parameters\": {" + parameters
        + "}}"));
  }

  static Map<String, JsonNode> config(String json) throws Exception {
    Map<String, JsonNode> values = new LinkedHashMap<>();
    Json.parse(json).fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue()));
    return values;
  }

  /** Writes an earlier sweep's record with trials {@code (config, state, metric)}. */
  void earlierSweep(String id, String metric, Object[][] trials) throws Exception {
    SweepRecord record = new SweepRecord();
    record.sweepId = id;
    record.config = (ObjectNode) Json.parse("{\"method\": \"random\", \"metric\": {\"name\": \""
        + metric + "\", \"goal\": \"maximize\"}, \"parameters\": {\"lr\": {\"min\": 0.0,"
        + " \"max\": 1.0}, \"layers\": {\"values\": [1, 2, 3]}}}");
    for (Object[] t : trials) {
      SweepRecord.Trial trial = new SweepRecord.Trial();
      trial.values = config((String) t[0]);
      trial.state = TrialState.parse((String) t[1]);
      trial.metric = (Double) t[2];
      record.trials.add(trial);
    }
    Files.createDirectories(sweeps.resolve(id));
    Files.writeString(sweeps.resolve(id).resolve("sweep.json"), Json.pretty(Json.toTree(record)));
  }

  @Test
  void earlierTrialsInsideTheNewSpaceWithTheSameObjectiveBecomeItsPrior() throws Exception {
    // given: two earlier sweeps, one on another metric
    earlierSweep("local-a", "acc", new Object[][] {
        {"{\"lr\": 0.2, \"layers\": 2}", "finished", 0.8},
        {"{\"lr\": 0.9, \"layers\": 2}", "finished", 0.5},   // outside the narrowed lr range
        {"{\"lr\": 0.3, \"layers\": 1}", "failed", null},
        {"{\"lr\": 0.25, \"layers\": 3}", "running", null}}); // no result yet
    earlierSweep("local-b", "loss", new Object[][] {
        {"{\"lr\": 0.2, \"layers\": 2}", "finished", 0.1}});
    SweepSpec narrowed = spec("bayes", "\"lr\": {\"min\": 0.1, \"max\": 0.5},"
        + " \"layers\": {\"values\": [1, 2, 3]}");

    // when
    SearchSetup setup = CampaignMemory.create(sweeps, "local-new", narrowed,
        Json.parse("{\"bayes_sampler\": \"tpe\", \"max_runs_per_config\": 2}"));

    // then: kept, written, and read back the same
    assertThat(setup.sampler()).isEqualTo(SearchSetup.Sampler.TPE);
    assertThat(setup.maxRunsPerConfig()).isEqualTo(2);
    assertThat(setup.prior()).extracting(o -> o.values().get("lr").asDouble())
        .containsExactly(0.2, 0.3);
    assertThat(setup.prior().get(1).metric()).isNaN();
    SearchSetup reread = CampaignMemory.setup(sweeps.resolve("local-new"));
    assertThat(reread.prior()).hasSize(2);
    assertThat(reread.prior().get(0).metric()).isEqualTo(0.8);
    assertThat(reread.sampler()).isEqualTo(SearchSetup.Sampler.TPE);
  }

  @Test
  void earlierTrialsBeyondANarrowedRangeAreKeptForTheModelOnly() throws Exception {
    // given: trials inside the narrowed lr range, beyond it, and with a dropped choice
    earlierSweep("local-a", "acc", new Object[][] {
        {"{\"lr\": 0.2, \"layers\": 2}", "finished", 0.8},
        {"{\"lr\": 0.9, \"layers\": 2}", "finished", 0.5},
        {"{\"lr\": 0.05, \"layers\": 1}", "failed", null},
        {"{\"lr\": 0.2, \"layers\": 3}", "finished", 0.6}}); // layers 3 no longer a choice
    SweepSpec narrowed = spec("bayes", "\"lr\": {\"min\": 0.1, \"max\": 0.5},"
        + " \"layers\": {\"values\": [1, 2]}");

    // when
    SearchSetup setup = CampaignMemory.create(sweeps, "local-new", narrowed, Json.object());

    // then: the ones beyond lr's bounds are the model's context, written and read back
    assertThat(setup.prior()).extracting(o -> o.values().get("lr").asDouble())
        .containsExactly(0.2);
    assertThat(setup.beyond()).extracting(o -> o.values().get("lr").asDouble())
        .containsExactly(0.9, 0.05);
    SearchSetup reread = CampaignMemory.setup(sweeps.resolve("local-new"));
    assertThat(reread.beyond()).hasSize(2);
    assertThat(reread.beyond().get(0).metric()).isEqualTo(0.5);
    assertThat(reread.beyond().get(1).metric()).isNaN();
  }

  @Test
  void aNarrowedSweepsModelLearnsFromTrialsBeyondItsBoundsButSuggestsOnlyInside()
      throws Exception {
    // given: 6 earlier trials, all beyond a narrowed range of x (so none is in the prior)
    SweepSpec narrowed = spec("bayes", "\"x\": {\"min\": 0.4, \"max\": 0.6},"
        + " \"y\": {\"min\": 0.0, \"max\": 1.0}");
    List<Suggester.Observation> beyond = sixTrialsOutsideTheMiddleOfX();
    SearchSetup without = new SearchSetup(SearchSetup.Sampler.GP, 1, List.of());
    SearchSetup with = new SearchSetup(SearchSetup.Sampler.GP, 1, List.of(), beyond);

    // when
    var blind = GpBayes.candidates(narrowed, new java.util.SplittableRandom(1),
        new SearchHistory(List.of(), List.of(), List.of(), without));
    var informed = GpBayes.candidates(narrowed, new java.util.SplittableRandom(1),
        new SearchHistory(List.of(), List.of(), List.of(), with));

    // then: without them the model has nothing to start from; with them it ranks points, all
    // inside the narrowed range
    assertThat(blind).isEmpty();
    assertThat(informed).isNotEmpty().allSatisfy(c -> assertThat(c.get("x").asDouble())
        .isBetween(0.4, 0.6));
  }

  @Test
  void aNarrowedSweepsModelIsFittedWithTheLowerNoiseFloorAWholeSpaceSweepsIsNot()
      throws Exception {
    // given: 6 trials, once as the history of a sweep over the whole unit square and once as
    // the trials beyond a sweep narrowed to x in [0.4, 0.6]
    SweepSpec whole = spec("bayes", "\"x\": {\"min\": 0.0, \"max\": 1.0},"
        + " \"y\": {\"min\": 0.0, \"max\": 1.0}");
    SweepSpec narrowed = spec("bayes", "\"x\": {\"min\": 0.4, \"max\": 0.6},"
        + " \"y\": {\"min\": 0.0, \"max\": 1.0}");
    List<Suggester.Observation> trials = sixTrialsOutsideTheMiddleOfX();
    SearchSetup beyond = new SearchSetup(SearchSetup.Sampler.GP, 1, List.of(), trials);

    // when: each suggests, nothing remembered before
    GpHyperparameters.forget();
    GpBayes.candidates(whole, new java.util.SplittableRandom(1),
        SearchHistory.sequential(trials, SearchSetup.DEFAULT));
    var wholeFloors = GpHyperparameters.floorsRemembered();
    GpHyperparameters.forget();
    GpBayes.candidates(narrowed, new java.util.SplittableRandom(1),
        new SearchHistory(List.of(), List.of(), List.of(), beyond));
    var narrowedFloors = GpHyperparameters.floorsRemembered();

    // then
    assertThat(wholeFloors).containsExactly(GpFit.MIN_NOISE);
    assertThat(narrowedFloors).containsExactly(GpFit.REFINING_MIN_NOISE);
  }

  /** Six trials of {@code x + y} in the unit square, none with x in [0.4, 0.6]. */
  private static List<Suggester.Observation> sixTrialsOutsideTheMiddleOfX() throws Exception {
    List<Suggester.Observation> trials = new ArrayList<>();
    for (double[] p : new double[][] {{0.1, 0.2}, {0.2, 0.9}, {0.3, 0.5}, {0.7, 0.1},
        {0.8, 0.6}, {0.9, 0.3}}) {
      trials.add(new Suggester.Observation(config("{\"x\": " + p[0] + ", \"y\": " + p[1]
          + "}"), p[0] + p[1]));
    }
    return trials;
  }

  @Test
  void aBadSamplerNameIsRefusedWithTheChoices() throws Exception {
    SweepSpec spec = spec("bayes", "\"lr\": {\"min\": 0.1, \"max\": 0.5}");
    assertThatThrownBy(() -> CampaignMemory.create(sweeps, "local-x", spec,
        Json.parse("{\"bayes_sampler\": \"smac\"}")))
        .hasMessageContaining("compute.bayes_sampler must be gp, tpe or tpe_univariate");
  }

  @Test
  void aFiniteSpaceEndsOnceEveryConfigurationHasRunAndNoneRunsTwice() throws Exception {
    for (String method : List.of("random", "bayes")) {
      // given: 6 configurations, 2 of them measured by an earlier iteration
      SweepSpec spec = spec(method, "\"layers\": {\"values\": [1, 2, 3]},"
          + " \"opt\": {\"values\": [\"sgd\", \"adam\"]}");
      SearchSetup setup = new SearchSetup(SearchSetup.Sampler.GP, 1, List.of(
          new Suggester.Observation(config("{\"layers\": 1, \"opt\": \"sgd\"}"), 0.5),
          new Suggester.Observation(config("{\"layers\": 3, \"opt\": \"adam\"}"), 0.7)));

      // when
      List<Map<String, JsonNode>> run = suggestAll(spec, setup, 20);

      // then: the 4 others, once each, then the sweep ends
      Set<String> keys = new HashSet<>();
      run.forEach(c -> keys.add(ConfigurationKey.of(c)));
      assertThat(run).as(method).hasSize(4);
      assertThat(keys).as(method).hasSize(4)
          .doesNotContain(ConfigurationKey.of(config("{\"layers\": 1, \"opt\": \"sgd\"}")));
    }
  }

  @Test
  void aQuantisedSpaceEndsOnceEveryValueHasRunAndNoneRunsTwice() throws Exception {
    for (SearchSetup.Sampler sampler : SearchSetup.Sampler.values()) {
      for (String method : List.of("random", "bayes")) {
        // given: q_uniform and q_log_uniform_values take 5 × 4 values, one measured earlier
        SweepSpec spec = spec(method, "\"dropout\": {\"distribution\": \"q_uniform\", \"min\":"
            + " 0, \"max\": 0.5, \"q\": 0.125}, \"batch\": {\"distribution\":"
            + " \"q_log_uniform_values\", \"min\": 16, \"max\": 64, \"q\": 16}");
        SearchSetup setup = new SearchSetup(sampler, 1, List.of(new Suggester.Observation(
            config("{\"dropout\": 0.25, \"batch\": 32}"), 0.5)));

        // when
        List<Map<String, JsonNode>> run = suggestAll(spec, setup, 40);

        // then: the 19 others, once each, then the sweep ends
        Set<String> keys = new HashSet<>();
        run.forEach(c -> keys.add(ConfigurationKey.of(c)));
        String what = method + " " + sampler;
        assertThat(run).as(what).hasSize(19);
        assertThat(keys).as(what).hasSize(19)
            .doesNotContain(ConfigurationKey.of(config("{\"dropout\": 0.25, \"batch\": 32}")));
      }
    }
  }

  @Test
  void aValueAQuantisedDrawRoundsPastItsBoundIsMeasuredInsideTheSpaceAndNotRunAgain()
      throws Exception {
    // given: W&B rounds a q_uniform draw to the nearest multiple of q, so [0, 2] with q 2.5
    // gives 0 or 2.5; an earlier sweep measured both (and 5.0, which it cannot give)
    SweepSpec spec = spec("random", "\"x\": {\"distribution\": \"q_uniform\", \"min\": 0,"
        + " \"max\": 2, \"q\": 2.5}");
    List<Suggester.Observation> measured = List.of(
        new Suggester.Observation(config("{\"x\": 2.5}"), 0.9),
        new Suggester.Observation(config("{\"x\": 0.0}"), 0.1),
        new Suggester.Observation(config("{\"x\": 5.0}"), 0.2));

    // when
    List<Suggester.Observation> prior = CampaignMemory.inside(new SearchSpace(spec), measured);

    // then: both values it can give are its prior, so a new sweep over it has nothing to run
    assertThat(prior).extracting(o -> o.values().get("x").asDouble()).containsExactly(2.5, 0.0);
    for (SearchSetup.Sampler sampler : SearchSetup.Sampler.values()) {
      assertThat(suggestAll(spec("bayes", "\"x\": {\"distribution\": \"q_uniform\", \"min\":"
          + " 0, \"max\": 2, \"q\": 2.5}"), new SearchSetup(sampler, 1, prior), 10))
          .as(sampler.toString()).isEmpty();
    }
  }

  @Test
  void repeatsAreAllowedWhenTheCampaignAsksForThem() throws Exception {
    // given
    SweepSpec spec = spec("random", "\"layers\": {\"values\": [1, 2, 3]}");
    SearchSetup twice = new SearchSetup(SearchSetup.Sampler.GP, 2, List.of());

    // when
    List<Map<String, JsonNode>> run = suggestAll(spec, twice, 20);

    // then
    assertThat(run).hasSize(6);
    for (int layers = 1; layers <= 3; layers++) {
      int value = layers;
      assertThat(run.stream().filter(c -> c.get("layers").asInt() == value)).hasSize(2);
    }
  }

  @Test
  void aGridSkipsThePointsEarlierIterationsMeasured() throws Exception {
    // given
    SweepSpec spec = spec("grid", "\"layers\": {\"values\": [1, 2, 3, 4]}");
    SearchSetup setup = new SearchSetup(SearchSetup.Sampler.GP, 1, List.of(
        new Suggester.Observation(config("{\"layers\": 2}"), 0.5)));

    // when
    List<Map<String, JsonNode>> run = suggestAll(spec, setup, 10);

    // then
    assertThat(run).extracting(c -> c.get("layers").asInt()).containsExactly(1, 3, 4);
  }

  @Test
  void theModelStartsFromTheEarlierTrialsInsteadOfRandomDraws() throws Exception {
    // given: 12 earlier trials, enough to skip the random start-up
    SweepSpec spec = spec("bayes", "\"x\": {\"min\": 0.0, \"max\": 1.0}");
    List<Suggester.Observation> prior = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      double x = (i + 0.5) / 12;
      prior.add(new Suggester.Observation(config("{\"x\": " + x + "}"), -(x - 0.7) * (x - 0.7)));
    }
    SearchSetup warm = new SearchSetup(SearchSetup.Sampler.GP, 1, prior);

    // when: the very first suggestion of the new sweep
    Map<String, JsonNode> first = Suggester.suggest(spec, 1, 0,
        new SearchHistory(List.of(), List.of(), List.of(), warm)).orElseThrow();

    // then: near the optimum the earlier trials point to (a random draw would not be)
    assertThat(first.get("x").asDouble()).isBetween(0.6, 0.8);
  }

  static List<Map<String, JsonNode>> suggestAll(SweepSpec spec, SearchSetup setup, int max) {
    List<Map<String, JsonNode>> suggested = new ArrayList<>();
    List<Suggester.Observation> seen = new ArrayList<>();
    for (int i = 0; i < max; i++) {
      Optional<Map<String, JsonNode>> next = Suggester.suggest(spec, 4, i,
          new SearchHistory(suggested, seen, List.of(), setup));
      if (next.isEmpty()) {
        break;
      }
      suggested.add(next.get());
      seen.add(new Suggester.Observation(next.get(), i % 3));
    }
    return suggested;
  }
}
