package dev.metaopt.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.validation.ValidationIssue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every campaign rule: a failing input and the exact error it produces. */
class CampaignValidatorTest {
  static final Path EXAMPLE = Path.of("tests-fixtures/upstream/ml_metaopt_campaign.example.yaml");
  static final String EXAMPLE_HASH =
      "sha256:76d87a271abe95ba765ac749237a1383dd4c75956671de88f15bba9cca13bc81";

  @TempDir Path dir;

  @Test
  void upstreamExampleIsValidAndHashesToTheTestVector() {
    // when
    CampaignCheck check = CampaignLoader.check(EXAMPLE);

    // then
    assertThat(check.issues()).isEmpty();
    assertThat(IdentityHash.of(check.raw())).isEqualTo(EXAMPLE_HASH);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "max_budget_usd: 10|max_budget_usd: 50",
      "num_sweep_agents: 4|num_sweep_agents: 8",
      "current_target: 5|current_target: 2",
      "max_iterations: 20|max_iterations: 3",
      "improvement_threshold: 0.005|improvement_threshold: 0.01",
      "\"Optimize GNN hyperparameters for MNIST graph classification accuracy\"|\"other\""})
  void editsOutsideTheIdentityKeepTheHash(String from, String to) throws IOException {
    assertThat(hashOf(edit(from, to))).isEqualTo(EXAMPLE_HASH);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "name: gnn-mnist-optimization|name: gnn-mnist-2",
      "metric: val/accuracy|metric: val/loss",
      "direction: maximize|direction: minimize",
      "entity: my-wandb-entity|entity: other-entity",
      "project: gnn-mnist-metaopt|project: other-project"})
  void editsOfTheIdentityChangeTheHash(String from, String to) throws IOException {
    assertThat(hashOf(edit(from, to))).isNotEqualTo(EXAMPLE_HASH);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "num_sweep_agents: 4|num_sweep_agents: 17|compute.num_sweep_agents: must be an integer in [1, 16] (got 17); parallel trials per sweep",
      "num_sweep_agents: 4|num_sweep_agents: 0|compute.num_sweep_agents: must be an integer in [1, 16] (got 0); parallel trials per sweep",
      "num_sweep_agents: 4|num_sweep_agents: true|compute.num_sweep_agents: must be an integer, got boolean (got true); parallel trials per sweep",
      "num_sweep_agents: 4|num_sweep_agents: 4.0|compute.num_sweep_agents: must be an integer in [1, 16] (got 4.0); parallel trials per sweep",
      "num_sweep_agents: 4|num_sweep_agents: \"4\"|compute.num_sweep_agents: must be an integer in [1, 16] (got \"4\"); parallel trials per sweep",
      "max_budget_usd: 10|max_budget_usd: 0|compute.max_budget_usd: must be a number in (0, 100] (got 0); the hard spend cap in USD",
      "max_budget_usd: 10|max_budget_usd: 100.5|compute.max_budget_usd: must be a number in (0, 100] (got 100.5); the hard spend cap in USD",
      "max_budget_usd: 10|max_budget_usd: true|compute.max_budget_usd: must be a number, got boolean (got true); the hard spend cap in USD",
      "idle_timeout_minutes: 15|idle_timeout_minutes: 4|compute.idle_timeout_minutes: must be an integer in [5, 60] (got 4); minutes without a logged metric before a trial is killed",
      "idle_timeout_minutes: 15|idle_timeout_minutes: 61|compute.idle_timeout_minutes: must be an integer in [5, 60] (got 61); minutes without a logged metric before a trial is killed",
      "improvement_threshold: 0.005|improvement_threshold: 0|objective.improvement_threshold: must be a positive number (got 0); write a decimal such as 0.005 (YAML reads 1e-4 as text)",
      "improvement_threshold: 0.005|improvement_threshold: -0.1|objective.improvement_threshold: must be a positive number (got -0.1); write a decimal such as 0.005 (YAML reads 1e-4 as text)",
      "improvement_threshold: 0.005|improvement_threshold: true|objective.improvement_threshold: must be a number, got boolean (got true); write a decimal such as 0.005 (YAML reads 1e-4 as text)",
      "direction: maximize|direction: MAXIMIZE|objective.direction: must be 'maximize' or 'minimize' (got \"MAXIMIZE\"); the value is case-sensitive",
      "direction: maximize|direction: sideways|objective.direction: must be 'maximize' or 'minimize' (got \"sideways\"); the value is case-sensitive",
      "max_iterations: 20|max_iterations: 0|stop_conditions.max_iterations: must be a positive integer (got 0); the most iterations the campaign may run",
      "max_iterations: 20|max_iterations: 2.5|stop_conditions.max_iterations: must be a positive integer (got 2.5); the most iterations the campaign may run",
      "max_iterations: 20|max_iterations: false|stop_conditions.max_iterations: must be an integer, got boolean (got false); the most iterations the campaign may run",
      "max_no_improve_iterations: 5|max_no_improve_iterations: 0|stop_conditions.max_no_improve_iterations: must be a positive integer (got 0); iterations without improvement before stopping",
      "target_metric: 0.990|target_metric: high|stop_conditions.target_metric: must be a finite number (got \"high\"); remove it to run without a target",
      "current_target: 5|current_target: 0|proposal_policy.current_target: must be an integer in [1, 1000] (got 0); proposals in the pool before selection",
      "provider: vast_ai|provider: vastai|compute.provider: must be 'local' or a known SkyPilot cloud (got \"vastai\"); did you mean 'vast_ai'?",
      "provider: vast_ai|provider: lokal|compute.provider: must be 'local' or a known SkyPilot cloud (got \"lokal\"); did you mean 'local'?",
      "entity: my-wandb-entity|entity: my entity|wandb.entity: must not contain whitespace (got \"my entity\"); your W&B entity (user or team)",
      "accelerator: A100:1|accelerator: \"\"|compute.accelerator: must be a non-empty string (got \"\"); e.g. A100:1, or cpu for local",
      "repo: git@github.com:my-org/dg_image.git|repo: 123|project.repo: must be a non-empty string (got 123); a git URL or a local path",
      "repo: git@github.com:my-org/dg_image.git|repo: YOUR_REPO|project.repo: contains a placeholder (YOUR_…, replace-me or <…>) (got \"YOUR_REPO\"); replace it with the real value",
      "repo: git@github.com:my-org/dg_image.git|repo: <repo-url>|project.repo: contains a placeholder (YOUR_…, replace-me or <…>) (got \"<repo-url>\"); replace it with the real value",
      "entity: my-wandb-entity|entity: replace-me|wandb.entity: contains a placeholder (YOUR_…, replace-me or <…>) (got \"replace-me\"); replace it with the real value",
      "name: gnn-mnist-optimization|name: YOUR_NAME|campaign.name: contains a placeholder (YOUR_…, replace-me or <…>) (got \"YOUR_NAME\"); replace it with the real value",
      "max_iterations: 20|max_iteration: 20|stop_conditions.max_iteration: unknown key; did you mean 'max_iterations'?",
      "compute:|computer:|computer: unknown key; did you mean 'compute'?"})
  void eachRuleReportsTheExactError(String from, String to, String expected) throws IOException {
    // when
    List<String> issues = formatted(CampaignLoader.check(edit(from, to)));

    // then
    assertThat(issues).contains(expected);
  }

  @Test
  void missingSectionReportsTheSectionAndEveryRequiredChild() throws IOException {
    // when
    List<String> issues = formatted(CampaignLoader.check(write("""
        campaign: {name: c, description: d}
        project: {repo: ., smoke_test_command: "true"}
        wandb: {entity: e, project: p}
        compute: {provider: local, accelerator: cpu, num_sweep_agents: 1, max_budget_usd: 1}
        proposal_policy: {current_target: 1}
        stop_conditions: {max_iterations: 1, max_no_improve_iterations: 1}
        """)));

    // then
    assertThat(issues).containsExactly(
        "objective: missing required field: objective; add the 'objective:' section",
        "objective.metric: missing required field: objective.metric; set objective.metric",
        "objective.direction: missing required field: objective.direction; set"
            + " objective.direction",
        "objective.improvement_threshold: missing required field:"
            + " objective.improvement_threshold; set objective.improvement_threshold");
  }

  @Test
  void aCampaignWithFiveErrorsReportsAllFive() throws IOException {
    // given
    String text = Files.readString(EXAMPLE)
        .replace("num_sweep_agents: 4", "num_sweep_agents: 40")
        .replace("max_budget_usd: 10", "max_budget_usd: 0")
        .replace("direction: maximize", "direction: up")
        .replace("max_iterations: 20", "max_iterations: 0")
        .replace("repo: git@github.com:my-org/dg_image.git", "repo: YOUR_REPO");

    // when
    List<String> issues = formatted(CampaignLoader.check(write(text)));

    // then
    assertThat(issues).hasSize(5);
    assertThat(String.join("\n", issues)).contains("compute.num_sweep_agents",
        "compute.max_budget_usd", "objective.direction", "stop_conditions.max_iterations",
        "project.repo");
  }

  @Test
  void extensionsAreValidated() throws IOException {
    // given
    String text = Files.readString(EXAMPLE) + """
        search_space:
          lr: {distribution: log_uniform_values, min: 0.0001, max: 0.1, valuse: [1]}
          layers: {values: []}
        workers:
          ideation:
            command: "python3 worker.py"
            timeout_seconds: 0
            retries: 9
            env: {API_KEY: 42}
          reviewer: {command: [x]}
        """;

    // when
    List<String> issues = formatted(CampaignLoader.check(write(text)));

    // then
    assertThat(issues).contains(
        "search_space.lr.valuse: unknown key; did you mean 'value'?",
        "search_space.layers.values: must be a non-empty list (got []); list the choices",
        "workers.ideation.command: must be a non-empty list of non-empty strings (argv, no shell)"
            + " (got \"python3 worker.py\"); e.g. [python3, my_worker.py]",
        "workers.ideation.timeout_seconds: must be an integer in [1, 86400] (got 0); the worker"
            + " is killed with its process tree after this long",
        "workers.ideation.retries: must be an integer in [0, 5] (got 9); extra attempts after"
            + " invalid output",
        "workers.ideation.env.API_KEY: must be a string under a valid variable name (got 42);"
            + " quote the value");
    assertThat(String.join("\n", issues)).contains("workers.reviewer: unknown key");
  }

  @Test
  void llmWorkerSettingsAreValidated() throws IOException {
    String text = Files.readString(EXAMPLE) + """
        workers:
          ideation:
            command: [x]
            llm: {base_url: "ftp://host", model: "", api_key_env: "sk-123", temperature: 5}
          analysis:
            llm: {base_url: "https://api.openai.com/v1", model: gpt-4o-mini,
                  api_key_env: OPENAI_API_KEY}
        """;
    List<String> issues = formatted(CampaignLoader.check(write(text)));
    assertThat(issues).containsExactlyInAnyOrder(
        "workers.ideation: has both command and llm; a lane is served by one worker: keep one"
            + " of them",
        "workers.ideation.llm.base_url: must be an http(s) URL (got \"ftp://host\"); the"
            + " OpenAI-compatible API root, e.g. https://api.openai.com/v1",
        "workers.ideation.llm.model: must be a non-empty string; the model name",
        "workers.ideation.llm.api_key_env: must be an environment variable NAME (not the key)"
            + " (got \"sk-123\"); e.g. OPENAI_API_KEY; export the key in your shell",
        "workers.ideation.llm.temperature: must be a number in [0, 2] (got 5); sampling"
            + " temperature");
  }

  @Test
  void unreadableFilesGiveOneClearIssue() throws IOException {
    assertThat(formatted(CampaignLoader.check(dir.resolve("absent.yaml"))))
        .singleElement().asString().startsWith("(document): campaign file not found");
    assertThat(formatted(CampaignLoader.check(dir)))
        .singleElement().asString().contains("is a directory");
    assertThat(formatted(CampaignLoader.check(write(""))))
        .singleElement().asString().contains("campaign file is empty");
    assertThat(formatted(CampaignLoader.check(write("- a\n- b\n"))))
        .singleElement().asString().contains("campaign root must be a mapping");
    assertThat(formatted(CampaignLoader.check(write("campaign: [unclosed\n"))))
        .singleElement().asString().contains("invalid yaml", "line");
    assertThat(formatted(CampaignLoader.check(write("a: 1\na: 2\n"))))
        .singleElement().asString().contains("invalid yaml", "Duplicate");
  }

  @Test
  void nonUtf8AndHugeFilesAreRefusedWithoutParsing() throws IOException {
    Path binary = dir.resolve("binary.yaml");
    Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x41});
    assertThat(formatted(CampaignLoader.check(binary)))
        .singleElement().asString().contains("not UTF-8");
    Path huge = dir.resolve("huge.yaml");
    Files.writeString(huge, "# " + "x".repeat(2 * 1024 * 1024));
    assertThat(formatted(CampaignLoader.check(huge)))
        .singleElement().asString().contains("larger than 1 MiB");
  }

  @Test
  void aliasBombDoesNotExpand() throws IOException {
    // given: the "billion laughs" pattern, 9 levels of 9 aliases each
    StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 9; i++) {
      yaml.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 9; j++) {
        yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      yaml.append("]\n");
    }

    // when
    List<String> issues = formatted(CampaignLoader.check(write(yaml.toString())));

    // then: aliases are not expanded into a huge tree; the file is simply not a campaign
    assertThat(issues).isNotEmpty().allSatisfy(issue -> assertThat(issue).hasSizeLessThan(300));
    assertThat(issues).contains("campaign: missing required field: campaign; add the"
        + " 'campaign:' section");
  }

  @Test
  void exponentWithoutDecimalPointIsANumberForJacksonYaml() throws IOException {
    // Deliberate difference from PyYAML (which reads 1e-4 as a string): Jackson's YAML parser
    // reads it as a float, so the natural spelling of a small threshold is accepted.
    CampaignCheck check = CampaignLoader.check(
        edit("improvement_threshold: 0.005", "improvement_threshold: 1e-4"));
    assertThat(check.issues()).isEmpty();
  }

  private Path edit(String from, String to) throws IOException {
    String text = Files.readString(EXAMPLE);
    assertThat(text).contains(from);
    return write(text.replace(from, to));
  }

  private Path write(String text) throws IOException {
    Path file = Files.createTempFile(dir, "campaign", ".yaml");
    Files.writeString(file, text);
    return file;
  }

  private static String hashOf(Path file) {
    CampaignCheck check = CampaignLoader.check(file);
    assertThat(check.issues()).isEmpty();
    return IdentityHash.of(check.raw());
  }

  private static List<String> formatted(CampaignCheck check) {
    return check.issues().stream().map(ValidationIssue::format).toList();
  }
}
