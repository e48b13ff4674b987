package dev.metaopt.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * This product's campaign rules beyond upstream: unknown keys with "did you mean", the optional
 * extensions ({@code search_space}, {@code workers}, seed, cost and pacing limits).
 */
class CampaignExtensionsTest {
  private static final String SPEC_RULE =
      "must be a W&B parameter spec (value, values, distribution/min/max or parameters)";
  private static final String WORKER_COMMAND_RULE =
      "must be a non-empty list of non-empty strings (argv, no shell)";

  @TempDir Path dir;

  @Test
  void suggestsTheClosestRootKey() {
    // given
    CampaignText text = CampaignText.example().append("search_spaces:\n  lr: {value: 0.1}\n");

    // when / then
    assertThat(text.issues(dir))
        .containsExactly("search_spaces: unknown key; did you mean 'search_space'?");
  }

  @Test
  void suggestsTheClosestNestedKey() {
    // given
    CampaignText text = CampaignText.example()
        .replace("idle_timeout_minutes: 15", "idle_timeout_minute: 15");

    // when / then
    assertThat(text.issues(dir)).containsExactly(
        "compute.idle_timeout_minute: unknown key; did you mean 'idle_timeout_minutes'?");
  }

  @Test
  void listsTheAllowedKeysWhenNothingIsClose() {
    // given
    CampaignText text = CampaignText.example()
        .replace("direction: maximize", "direction: maximize\n  colour: red");

    // when / then
    assertThat(text.issues(dir)).containsExactly("objective.colour: unknown key; allowed here:"
        + " direction, improvement_threshold, metric");
  }

  @Test
  void acceptsEveryExtensionWhenWellFormed() {
    // given
    CampaignText text = CampaignText.example()
        .replace("name: gnn-mnist-optimization", "name: gnn-mnist-optimization\n  seed: 42")
        .replace("max_budget_usd: 10", "max_budget_usd: 10\n  cost_per_hour_usd: 0\n"
            + "  max_trials_per_sweep: 50\n  max_sweep_minutes: 120\n  poll_interval_seconds: 2.5")
        .replace("smoke_test_command:", "train_command: python train.py\n"
            + "  setup_command: pip install -r requirements.txt\n  smoke_test_command:")
        .replace("max_budget_usd: 10", "max_budget_usd: 10\n  use_spot: true\n"
            + "  image_id: docker:pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime")
        .append("""
            search_space:
              lr: {distribution: log_uniform_values, min: 1e-4, max: 0.1}
              batch_size: {values: [16, 32, 64]}
              optimizer:
                parameters:
                  momentum: {value: 0.9}
            workers:
              ideation:
                command: [python3, my_ideation.py]
                timeout_seconds: 600
                retries: 2
                env: {OPENAI_BASE_URL: "http://localhost:8000/v1"}
              analysis: {command: [my-analyst]}
            """);

    // when / then
    assertThat(text.issues(dir)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "use_spot: 'yes'|compute.use_spot: must be true or false (got \"yes\"); true runs SkyPilot"
          + " agents as managed jobs on spot instances",
      "use_spot: 1|compute.use_spot: must be true or false (got 1); true runs SkyPilot agents as"
          + " managed jobs on spot instances",
      "image_id: 'my image'|compute.image_id: must not contain whitespace (got \"my image\");"
          + " SkyPilot's resources.image_id, e.g."
          + " docker:pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime"})
  void rejectsMalformedSkyPilotAgentSettings(String line, String issue) {
    // given
    CampaignText text = CampaignText.example()
        .replace("max_budget_usd: 10", "max_budget_usd: 10\n  " + line);

    // when / then
    assertThat(text.issues(dir)).containsExactly(issue);
  }

  @Test
  void rejectsAnEmptySetupCommand() {
    // given
    CampaignText text = CampaignText.example()
        .replace("smoke_test_command:", "setup_command: ' '\n  smoke_test_command:");

    // when / then
    assertThat(text.issues(dir)).containsExactly("project.setup_command: must be a non-empty"
        + " string (got \" \"); your shell command that prepares the machine for trials (a"
        + " build, an install), e.g. 'pip install -r requirements.txt'");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "seed: -1|campaign.seed: must be a non-negative integer (got -1); seeds the built-in"
          + " workers and the local sweep backend",
      "seed: 1.5|campaign.seed: must be a non-negative integer (got 1.5); seeds the built-in"
          + " workers and the local sweep backend"})
  void rejectsABadSeed(String line, String issue) {
    // given
    CampaignText text = CampaignText.example()
        .replace("name: gnn-mnist-optimization", "name: gnn-mnist-optimization\n  " + line);

    // when / then
    assertThat(text.issues(dir)).containsExactly(issue);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "cost_per_hour_usd: -1|compute.cost_per_hour_usd: must be a number in [0, 10000] (got -1);"
          + " the spend rate charged per trial-hour (0 for a laptop)",
      "max_trials_per_sweep: 0|compute.max_trials_per_sweep: must be an integer in [1, 100000]"
          + " (got 0); caps the trials of one sweep",
      "max_sweep_minutes: 10081|compute.max_sweep_minutes: must be an integer in [1, 10080]"
          + " (got 10081); caps the wall-clock minutes of one sweep",
      "poll_interval_seconds: -1|compute.poll_interval_seconds: must be a number in [0, 3600]"
          + " (got -1); seconds between two polls of a running sweep",
      "poll_interval_seconds: true|compute.poll_interval_seconds: must be a number, got boolean"
          + " (got true); seconds between two polls of a running sweep"})
  void rejectsCostAndPacingLimitsOutOfRange(String line, String issue) {
    // given
    CampaignText text =
        CampaignText.example().replace("max_budget_usd: 10", "max_budget_usd: 10\n  " + line);

    // when / then
    assertThat(text.issues(dir)).containsExactly(issue);
  }

  @Test
  void acceptsTheLocalBackendsSearchSettings() {
    // given
    CampaignText text = CampaignText.example().replace("provider: vast_ai", "provider: local")
        .replace("max_budget_usd: 10", "max_budget_usd: 10\n  bayes_sampler: tpe\n"
            + "  max_runs_per_config: 3");

    // when / then
    assertThat(text.issues(dir)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "local|bayes_sampler: tpe_multivariate|compute.bayes_sampler: must be gp, tpe or"
          + " tpe_univariate (got \"tpe_multivariate\"); did you mean 'tpe_univariate'?",
      "vast_ai|bayes_sampler: tpe|compute.bayes_sampler: needs compute.provider: local (W&B's"
          + " bayes is a Gaussian process; only the local backend runs a TPE) (got \"tpe\");"
          + " drop compute.bayes_sampler, or run on compute.provider: local",
      "local|max_runs_per_config: 0|compute.max_runs_per_config: must be an integer in [1, 100]"
          + " (got 0); how often the local backend may run one configuration across the"
          + " campaign (1: never re-run a measured configuration; more to measure noise)"})
  void rejectsBadSearchSettings(String provider, String line, String issue) {
    // given
    CampaignText text = CampaignText.example().replace("provider: vast_ai", "provider: "
        + provider).replace("max_budget_usd: 10", "max_budget_usd: 10\n  " + line);

    // when / then
    assertThat(text.issues(dir)).containsExactly(issue);
  }

  @Test
  void rejectsAnEmptyTrainCommand() {
    // given
    CampaignText text = CampaignText.example()
        .replace("smoke_test_command:", "train_command: \"\"\n  smoke_test_command:");

    // when / then
    assertThat(text.issues(dir)).containsExactly(
        "project.train_command: must be a non-empty string (got \"\"); the command one trial runs");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"[lr]|[\"lr\"]", "{}|{}"})
  void rejectsASearchSpaceThatIsNotANonEmptyMapping(String yaml, String rendered) {
    // given
    CampaignText text = CampaignText.example().append("search_space: " + yaml + "\n");

    // when / then
    assertThat(text.issues(dir)).containsExactly("search_space: must be a non-empty mapping of"
        + " parameter name to W&B parameter spec (got " + rendered + "); e.g. lr: {distribution:"
        + " log_uniform_values, min: 1e-4, max: 0.1}");
  }

  @Test
  void rejectsMalformedParameterSpecsAtAnyDepth() {
    // given
    CampaignText text = CampaignText.example().append("""
        search_space:
          lr: 0.1
          dropout: {distribution: uniform, mn: 0, max: 0.5}
          batch_size: {values: []}
          optimizer: {parameters: {momentum: fast}}
        """);

    // when / then
    assertThat(text.issues(dir)).containsExactly(
        "search_space.lr: " + SPEC_RULE + " (got 0.1); e.g. {values: [16, 32, 64]}",
        "search_space.dropout.mn: unknown key; did you mean 'min'?",
        "search_space.dropout.min: is required for a range (distribution uniform); give both"
            + " ends, e.g. {distribution: uniform, min: 0.1, max: 0.9}",
        "search_space.batch_size.values: must be a non-empty list (got []); list the choices",
        "search_space.optimizer.parameters.momentum: " + SPEC_RULE
            + " (got \"fast\"); e.g. {values: [16, 32, 64]}");
  }

  @Test
  void aProgramOrCommandInTheSearchSpaceIsPointedToTrainCommand() {
    // given: a W&B sweep file's keys pasted into search_space
    CampaignText text = CampaignText.example().append("""
        search_space:
          program: train.py
          command: [python, train.py]
          lr: {values: [0.1]}
        """);

    // when / then
    String hint = "; search_space holds parameters only; what every trial runs is"
        + " project.train_command (e.g. train_command: \"python train.py\")";
    assertThat(text.issues(dir)).containsExactly(
        "search_space.program: " + SPEC_RULE + " (got \"train.py\")" + hint,
        "search_space.command: " + SPEC_RULE + " (got [\"python\",\"train.py\"])" + hint);
  }

  @Test
  void rejectsWorkersThatAreNotAMapping() {
    // given
    CampaignText text = CampaignText.example().append("workers: [ideation]\n");

    // when / then
    assertThat(text.issues(dir)).containsExactly("workers: must be a mapping of lane to worker"
        + " settings (got [\"ideation\"]); lanes: ideation, selection, analysis, execution");
  }

  @Test
  void suggestsTheClosestLaneForATypo() {
    // given
    CampaignText text =
        CampaignText.example().append("workers:\n  ideaton: {command: [python3, w.py]}\n");

    // when / then
    assertThat(text.issues(dir))
        .containsExactly("workers.ideaton: unknown key; did you mean 'ideation'?");
  }

  @Test
  void rejectsALaneThatIsNotAMapping() {
    // given
    CampaignText text = CampaignText.example().append("workers:\n  ideation: python3 w.py\n");

    // when / then
    assertThat(text.issues(dir)).containsExactly("workers.ideation: must be a mapping (command,"
        + " timeout_seconds, retries, env) (got \"python3 w.py\"); omit the lane to use the"
        + " built-in worker");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "python3 w.py|\"python3 w.py\"", "[]|[]", "[python3, '']|[\"python3\",\"\"]",
      "[python3, 7]|[\"python3\",7]"})
  void rejectsAWorkerCommandThatIsNotAnArgvList(String yaml, String rendered) {
    // given
    CampaignText text =
        CampaignText.example().append("workers:\n  selection:\n    command: " + yaml + "\n");

    // when / then
    assertThat(text.issues(dir)).containsExactly("workers.selection.command: " + WORKER_COMMAND_RULE
        + " (got " + rendered + "); e.g. [python3, my_worker.py]");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "timeout_seconds: 0|workers.execution.timeout_seconds: must be an integer in [1, 86400]"
          + " (got 0); the worker is killed with its process tree after this long",
      "timeout_seconds: 86401|workers.execution.timeout_seconds: must be an integer in"
          + " [1, 86400] (got 86401); the worker is killed with its process tree after this long",
      "retries: -1|workers.execution.retries: must be an integer in [0, 5] (got -1);"
          + " extra attempts after invalid output",
      "retries: 6|workers.execution.retries: must be an integer in [0, 5] (got 6);"
          + " extra attempts after invalid output",
      "timeout: 0|workers.execution.timeout: must be an integer in [1, 86400] (got 0); seconds;"
          + " the worker is killed with its process tree after this long",
      "timeoutt: 30|workers.execution.timeoutt: unknown key; did you mean 'timeout'?"})
  void rejectsWorkerLimitsOutOfRange(String line, String issue) {
    // given
    CampaignText text = CampaignText.example().append("workers:\n  execution:\n    " + line + "\n");

    // when / then
    assertThat(text.issues(dir)).containsExactly(issue);
  }

  @Test
  void rejectsAWorkerEnvironmentThatIsNotAMappingOfStrings() {
    // given
    CampaignText text = CampaignText.example().append("""
        workers:
          ideation: {env: [A=1]}
          analysis:
            env: {PORT: 8000, 1BAD: x}
        """);

    // when / then
    assertThat(text.issues(dir)).containsExactly(
        "workers.ideation.env: must be a mapping of NAME to string value (got [\"A=1\"]);"
            + " e.g. env: {OPENAI_BASE_URL: \"http://localhost:8000/v1\"}",
        "workers.analysis.env.PORT: must be a string (got 8000); quote the value",
        "workers.analysis.env.1BAD: is not a valid environment variable name;"
            + " use letters, digits and '_', not starting with a digit");
  }

  @Test
  void rejectsPlaceholdersInsideExtensions() {
    // given
    CampaignText text = CampaignText.example().append("""
        workers:
          ideation:
            command: [python3, <worker-script>]
            env: {API_KEY: YOUR_API_KEY}
        """);

    // when / then
    assertThat(text.issues(dir)).containsExactly(
        "workers.ideation.command[1]: contains a placeholder (YOUR_…, replace-me or <…>)"
            + " (got \"<worker-script>\"); replace it with the real value",
        "workers.ideation.env.API_KEY: contains a placeholder (YOUR_…, replace-me or <…>)"
            + " (got \"YOUR_API_KEY\"); replace it with the real value");
  }

  @Test
  void searchSpaceDistributionsAndNumbersAreChecked() {
    // given
    CampaignText text = CampaignText.example().append("""
        search_space:
          lr: {distribution: log_uniform_value, min: 0.1, max: 0.01}
          mom: {distribution: normal, mu: "high", sigma: 1}
          act: {values: [relu, tanh], probabilities: [0.9]}
          opt: {parameters: {}}
        """);

    // when
    List<String> issues = text.issues(dir);

    // then
    assertThat(issues).containsExactlyInAnyOrder(
        "search_space.lr.distribution: is not a W&B distribution (got \"log_uniform_value\");"
            + " did you mean 'log_uniform_values'?",
        "search_space.lr.max: must be greater than min (0.1) (got 0.01); swap min and max",
        "search_space.mom.mu: must be a finite number (got \"high\"); a number, not text",
        "search_space.act.probabilities: must be one number per entry of values (got [0.9]);"
            + " e.g. values: [a, b] with probabilities: [0.7, 0.3]",
        "search_space.opt.parameters: must be a non-empty mapping of nested parameters (got {});"
            + " or drop it");
  }

  @Test
  void searchSpaceNumbersOutsideWandbsBoundsAreRefusedBeforeAnythingRuns() {
    // given: what W&B's sweep schema refuses (wandb/sweeps config/schema.json and schema.py)
    CampaignText text = CampaignText.example().append("""
        search_space:
          batch: {distribution: q_uniform, min: 16, max: 256, q: 0}
          lr: {distribution: log_uniform_values, min: 0, max: 0.1}
          layers: {distribution: int_uniform, min: 1.5, max: 4}
          act: {values: [relu, tanh, gelu], probabilities: [0.5, 0.3, 0.1]}
          noise: {distribution: normal, mu: 0.5, sigma: 0}
          ok: {values: [a, b, c], probabilities: [0.2, 0.3, 0.5]}
          momentum: {distribution: uniform, min: 0.5}
          depth: {min: 3, max: 3}
          fixed: {distribution: constant}
          step: {q: 0.1}
          seed: {distribution: int_uniform, min: 0, max: 1e300}
          scale: {distribution: log_uniform, min: -1000, max: 0}
        """);

    // when
    List<String> issues = text.issues(dir);

    // then
    assertThat(issues).containsExactlyInAnyOrder(
        "search_space.batch.q: must be > 0 (got 0); the step values are rounded to, e.g. q: 1"
            + " for whole numbers",
        "search_space.lr.min: must be > 0 for log_uniform_values (its values are searched on a"
            + " log scale) (got 0); e.g. min: 1e-5",
        "search_space.layers.min: must be an integer for int_uniform (got 1.5); for fractional"
            + " bounds use uniform, or q_uniform with a step q",
        "search_space.act.probabilities: must sum to 1 (they sum to 0.9) (got [0.5,0.3,0.1]);"
            + " the chance of each value, e.g. values: [a, b] with probabilities: [0.7, 0.3]",
        "search_space.noise.sigma: must be > 0 (got 0); a spread of 0 is the constant mu: write"
            + " value: 0.5",
        "search_space.momentum.max: is required for a range (distribution uniform); give both"
            + " ends, e.g. {distribution: uniform, min: 0.1, max: 0.9}",
        "search_space.depth.max: must be greater than min (3) (got 3); for one value, write"
            + " value: 3",
        "search_space.fixed.value: is required for distribution constant; e.g. {distribution:"
            + " constant, value: 0.1}, or just {value: 0.1}",
        "search_space.step.min: is required (a parameter without value, values or parameters"
            + " is a range); give both ends, e.g. {min: 0.1, max: 0.9}",
        "search_space.step.max: is required (a parameter without value, values or parameters"
            + " is a range); give both ends, e.g. {min: 0.1, max: 0.9}",
        "search_space.seed.max: must lie within ±2^53 (9007199254740992) for int_uniform (got"
            + " 1e+300); beyond it integers are not exact; use log_uniform_values for a range"
            + " over many orders of magnitude",
        "search_space.scale.min: must lie within ±709 for log_uniform (it is an exponent of e)"
            + " (got -1000); for bounds on the values themselves use log_uniform_values, e.g."
            + " min: 1e-5, max: 0.1");
  }
}
