package dev.metaopt.backend.skypilot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.metaopt.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code launch_sweep} against the faithful fakes: what reaches W&B and SkyPilot is what a real
 * first campaign needs (reference/skypilot-wandb-real-behaviour.md rows 7-10, 18-20, 23, 25).
 */
@Tag("e2e")
class SkyPilotLaunchTest {
  @TempDir Path root;
  @RegisterExtension final SkyPilotFakes fakes = new SkyPilotFakes();
  private SkyPilotHarness project;
  private FakeWandbServer server;

  @Test
  void everyAgentRunsTheCampaignsTrainCommandNeverTheProposals() throws Exception {
    // given: a proposal (a worker's answer) that asks to run a shell
    start(2);
    ObjectNode task = project.task("launch_sweep");
    ((ObjectNode) task.get("sweep_config")).putArray("command").add("/bin/sh").add("-c")
        .add("touch /tmp/canary");

    // when
    JsonNode launched = project.handle(task);

    // then: W&B holds the campaign's command, with the agent's macros (row 20)
    assertThat(launched.path("exit_code").asInt()).as(launched.toString()).isZero();
    JsonNode config = storedConfig("sw000001");
    assertThat(config.path("command")).isEqualTo(Json.parse(
        "[\"python\", \"train.py\", \"${args}\"]"));
    assertThat(config.has("program")).isFalse();
    assertThat(config.path("name").asText()).startsWith("metaopt-mo-");
  }

  @Test
  void wandbReadsEveryNumberOfTheSweepAsANumber() throws Exception {
    // given: bounds Jackson writes as 1000000.0 and 1.0E7; PyYAML reads the second as a string
    // and wandb sweep then refuses the min/max pair as ambiguous (row 19)
    start(1);
    ObjectNode task = project.task("launch_sweep");
    task.with("sweep_config").with("parameters").set("width", Json.object().put("min", 1e6)
        .put("max", 1e7));

    // when
    JsonNode launched = project.handle(task);

    // then: wandb read two floats and filled in the uniform distribution
    assertThat(launched.path("exit_code").asInt()).as(launched.toString()).isZero();
    JsonNode width = storedConfig("sw000001").path("parameters").path("width");
    assertThat(width.path("distribution").asText()).as(width.toString()).isEqualTo("uniform");
    assertThat(width.path("max").asDouble()).isEqualTo(1e7);
  }

  @Test
  void theNodeIsSetUpAndTalksToTheSameWandbServer() throws Exception {
    // given: a project with requirements, a self-hosted W&B (rows 9 and 25)
    start(1);
    Files.writeString(project.dir.resolve("requirements.txt"), "numpy\n");
    project.env.put("WANDB_APP_URL", "https://wandb.example.com");

    // when
    project.handle(project.task("launch_sweep"));

    // then
    JsonNode spec = taskYaml(1);
    assertThat(spec.path("setup").asText())
        .isEqualTo("pip install wandb && pip install -r requirements.txt");
    assertThat(spec.path("envs").path("WANDB_BASE_URL").asText()).isEqualTo(server.baseUrl());
    assertThat(spec.path("envs").path("WANDB_APP_URL").asText())
        .isEqualTo("https://wandb.example.com");
    assertThat(spec.path("run").asText()).isEqualTo("wandb agent test-entity/test-project/"
        + "sw000001");
  }

  @Test
  void theKeyTravelsAsASecretAndAgentsAutodown() throws Exception {
    // given (rows 7 and 8)
    start(2);

    // when
    project.handle(project.task("launch_sweep"));

    // then
    assertThat(launches()).hasSize(2).allSatisfy(argv -> assertThat(argv)
        .containsSubsequence("-i", "15", "--down").containsSubsequence("--secret",
            "WANDB_API_KEY").doesNotContain("--env"));
    assertThat(Files.readString(project.state.resolve("calls.jsonl")))
        .doesNotContain(SkyPilotHarness.KEY);
  }

  @Test
  void aKubernetesCampaignLaunchesBecauseAgentsAutodown() throws Exception {
    // given: Kubernetes refuses autostop (row 7)
    start(1);
    project.writeCampaign("kubernetes", 1, "cost_per_hour_usd: 2.5");

    // when
    JsonNode launched = project.handle(project.task("launch_sweep"));

    // then
    assertThat(launched.path("exit_code").asInt()).as(launched.toString()).isZero();
    assertThat(taskYaml(1).path("resources").path("infra").asText()).isEqualTo("kubernetes");
  }

  @Test
  void metaoptsStateIsKeptOutOfTheUploadedWorkdir() throws Exception {
    // given: neither .skyignore nor git (row 10)
    start(1);

    // when
    project.handle(project.task("launch_sweep"));

    // then
    assertThat(Files.readAllLines(project.dir.resolve(".skyignore"))).contains(".ml-metaopt/");
  }

  @Test
  void inAGitWorkTreeTheExclusionGoesToItsLocalExcludeFile() throws Exception {
    // given: a git work tree whose .gitignore SkyPilot would use (no .skyignore)
    start(1);
    Files.createDirectories(project.dir.resolve(".git").resolve("info"));
    Files.writeString(project.dir.resolve(".gitignore"), "data/\n");

    // when
    project.handle(project.task("launch_sweep"));

    // then
    assertThat(project.dir.resolve(".skyignore")).doesNotExist();
    assertThat(Files.readAllLines(project.dir.resolve(".git/info/exclude")))
        .contains(".ml-metaopt/");
  }

  @Test
  void aSilencedWandbStillYieldsItsSweep() throws Exception {
    // given: WANDB_SILENT makes termlog print nothing (row 18)
    start(1);
    project.env.put("WANDB_SILENT", "true");

    // when
    JsonNode launched = project.handle(project.task("launch_sweep"));

    // then
    assertThat(launched.path("sweep_id").asText()).as(launched.toString()).isEqualTo("sw000001");
  }

  @Test
  void aLaunchRetriedAfterACrashFindsItsSweepByConfigNameAmongMany() throws Exception {
    // given: the sweep was registered, then metaopt died before recording it (row 23)
    start(1);
    server.withOtherSweeps(120);
    project.handle(project.task("launch_sweep"));
    try (var records = Files.list(project.layout.metaoptDir().resolve("skypilot"))) {
      for (Path record : records.filter(f -> f.toString().endsWith(".json")).toList()) {
        Files.delete(record);
      }
    }

    // when
    JsonNode again = project.handle(project.task("launch_sweep"));

    // then
    assertThat(again.path("sweep_id").asText()).isEqualTo("sw000001");
    assertThat(project.calls("wandb")).filteredOn(c -> c.get(0).equals("sweep")).hasSize(1);
  }

  @Test
  void allAgentsLaunchAtOnce() throws Exception {
    // given: each fake launch waits until all three have started (row 3)
    start(3);
    project.env.put("SKYPILOT_FAKE_LAUNCH_BARRIER", "3");

    // when
    JsonNode launched = project.handle(project.task("launch_sweep"));

    // then
    assertThat(launched.path("exit_code").asInt()).as(launched.toString()).isZero();
    assertThat(launched.path("sky_job_ids")).hasSize(3);
  }

  @Test
  void aTimedOutLaunchIsTakenDownAndTheApiServerOutlivesTheKill() throws Exception {
    // given: the launch never returns; it is killed with its process tree (rows 4 and 5)
    start(1);
    project.limits = new SkyPilotBackend.Limits(Duration.ofSeconds(10), Duration.ofMinutes(2));
    project.env.put("SKYPILOT_FAKE_HANG_CLUSTER", "-1");

    // when
    JsonNode launched = project.handle(project.task("launch_sweep"));

    // then
    assertThat(launched.path("error").asText()).contains("sky launch timed out after 10 s"
        + " for agent 1 of 1", "the sweep was cancelled and 1 of 1 started agent(s) torn down");
    assertThat(project.liveClusters()).isZero();
    assertThat(project.calls("sky").get(0)).isEqualTo(List.of("api", "start"));
    long server = Long.parseLong(Files.readString(project.state.resolve("api-server.pid"))
        .strip());
    assertThat(ProcessHandle.of(server).map(ProcessHandle::isAlive)).contains(true);
  }

  @Test
  void spotAgentsRunAsManagedJobsAndResumeTheirRuns() throws Exception {
    // given (row 36)
    start(2);
    project.writeCampaign("aws", 2, "use_spot: true, cost_per_hour_usd: 1.0");

    // when
    JsonNode launched = project.handle(project.task("launch_sweep"));
    ObjectNode stop = project.task("stop_sweep");
    stop.put("sweep_id", launched.path("sweep_id").asText());
    project.handle(stop);

    // then
    assertThat(project.calls("sky")).filteredOn(c -> c.size() > 1 && c.get(1).equals("launch"))
        .hasSize(2).allSatisfy(argv -> assertThat(argv).startsWith("jobs", "launch", "-y", "-d",
            "-n").contains("--secret"));
    assertThat(taskYaml(1).path("resources").path("use_spot").asBoolean()).isTrue();
    assertThat(taskYaml(1).path("envs").path("WANDB_RESUME").asText()).isEqualTo("allow");
    assertThat(project.calls("sky")).filteredOn(c -> c.size() > 1 && c.get(1).equals("cancel"))
        .extracting(c -> c.get(c.size() - 1)).contains(launched.path("sky_job_ids").get(0)
            .asText(), launched.path("sky_job_ids").get(1).asText());
  }

  private void start(int agents) throws IOException {
    project = fakes.start(root, agents, new FakeWandbServer.Config(List.of(0.8), 3,
        FakeWandbServer.Mode.NORMAL));
    server = fakes.server();
  }

  private List<List<String>> launches() throws IOException {
    return project.calls("sky").stream().filter(c -> c.get(0).equals("launch")).toList();
  }

  /** The sweep config W&B stored (the YAML string wandb sweep sent), parsed. */
  private JsonNode storedConfig(String sweepId) throws IOException {
    JsonNode sweep = Json.parse(Files.readString(project.state.resolve("sweeps")
        .resolve(sweepId + ".json")));
    return new YAMLMapper().readTree(sweep.path("config").asText());
  }

  /** The task file of agent {@code i} as SkyPilot received it. */
  private JsonNode taskYaml(int i) throws IOException {
    List<String> argv = project.calls("sky").stream()
        .filter(c -> c.contains("launch") && c.stream().anyMatch(a -> a.endsWith("-" + i)))
        .findFirst().orElseThrow();
    return new YAMLMapper().readTree(Path.of(argv.get(argv.size() - 1)).toFile());
  }
}
