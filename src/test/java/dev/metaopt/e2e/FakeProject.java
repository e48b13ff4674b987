package dev.metaopt.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.ExitCode;
import dev.metaopt.MetaoptException;
import dev.metaopt.agent.Agents;
import dev.metaopt.dispatch.LaneWorkers;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.json.Json;
import dev.metaopt.testing.CliRun;
import dev.metaopt.testing.LocalCampaignFixture;
import dev.metaopt.testing.Python;
import dev.metaopt.testing.ScriptedWorkers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A project directory whose four worker lanes are the scripted fake worker: the Python script
 * {@code src/test/resources/fake-workers/fake_worker.py} as each lane's command, driven through
 * the real CLI ({@link #create}); or its in-JVM twin {@link ScriptedWorkers}, driven through the
 * orchestrator ({@link #scripted}), where the worker process is not what is under test.
 */
final class FakeProject {
  static final Path FAKE_WORKER =
      Path.of("src/test/resources/fake-workers/fake_worker.py").toAbsolutePath();

  final Path dir;
  final Path campaign;
  final ProjectLayout layout;
  /** The same project, run in this JVM instead of through the CLI. */
  final LocalCampaignFixture fixture;
  /** The in-JVM workers of the lanes the campaign gives no command. */
  final LaneWorkers workers;

  private FakeProject(Path dir, LaneWorkers workers) {
    this.dir = dir;
    this.fixture = LocalCampaignFixture.create(dir, "");
    this.campaign = fixture.campaign;
    this.layout = fixture.layout;
    this.workers = workers;
  }

  /**
   * Writes the campaign (with extra YAML appended to sections) and the scenario; every lane's
   * command is the fake worker script.
   */
  static FakeProject create(Path dir, String stopConditions, String scenarioJson) {
    StringBuilder workers = new StringBuilder("workers:\n");
    for (String lane : List.of("ideation", "selection", "analysis", "execution")) {
      workers.append("  ").append(lane).append(":\n    command: [\"").append(Python.executable())
          .append("\", \"").append(FAKE_WORKER).append("\", \"")
          .append(dir.resolve("scenario.json")).append("\", ").append(lane)
          .append("]\n    timeout_seconds: 60\n    retries: 1\n");
    }
    return write(new FakeProject(dir, LaneWorkers.none()), stopConditions + workers,
        scenarioJson);
  }

  /** The same campaign and scenario, with the scripted workers in this JVM (see {@link #step}). */
  static FakeProject scripted(Path dir, String stopConditions, String scenarioJson) {
    return write(new FakeProject(dir, new ScriptedWorkers(dir.resolve("scenario.json"))),
        stopConditions, scenarioJson);
  }

  private static FakeProject write(FakeProject project, String extra, String scenarioJson) {
    project.write("scenario.json", scenarioJson);
    project.write("ml_metaopt_campaign.yaml", """
        campaign:
          name: fake-campaign
          description: "end-to-end test with scripted workers"
        project:
          repo: .
          smoke_test_command: "true"
        wandb:
          entity: test-entity
          project: test-project
        compute:
          provider: vast_ai
          accelerator: "A100:1"
          num_sweep_agents: 2
          max_budget_usd: 10
          poll_interval_seconds: 0
        objective:
          metric: val/accuracy
          direction: maximize
          improvement_threshold: 0.01
        proposal_policy:
          current_target: 2
        """ + extra);
    project.writeReadyPreflight();
    return project;
  }

  void write(String name, String text) {
    try {
      Files.writeString(dir.resolve(name), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A READY preflight artifact bound to the campaign's identity. */
  void writeReadyPreflight() {
    fixture.readyPreflight();
  }

  /** Runs the CLI; returns exit code and captured streams. */
  static CliRun cli(String... args) {
    return CliRun.of(args);
  }

  CliRun run(String... extra) {
    List<String> args = new ArrayList<>(List.of("run", campaign.toString()));
    args.addAll(List.of(extra));
    return cli(args.toArray(String[]::new));
  }

  CliRun resume() {
    return cli("resume", "-C", dir.toString());
  }

  /**
   * At most {@code maxSteps} steps in this JVM, as a new {@code run --max-steps} would; returns
   * the exit code that run would return (also for a campaign refused before its first step).
   */
  ExitCode step(int maxSteps) {
    return step(maxSteps, false);
  }

  /** {@code metaopt resume --retry} in this JVM: runs to the end. */
  ExitCode retry() {
    return step(Integer.MAX_VALUE, true);
  }

  private ExitCode step(int maxSteps, boolean retry) {
    try {
      return fixture.run(Agents.registry(), workers, maxSteps, retry).exitCode();
    } catch (MetaoptException refused) {
      return refused.exitCode();
    }
  }

  JsonNode state() {
    return readJson(layout.stateFile());
  }

  JsonNode status() {
    CliRun result = cli("status", "-C", dir.toString(), "--json");
    try {
      return Json.parse(result.out());
    } catch (IOException e) {
      throw new AssertionError("status --json printed no JSON: " + result, e);
    }
  }

  List<String> backendLines(String file) {
    Path path = dir.resolve(".fake-backend").resolve(file);
    try {
      return Files.exists(path) ? Files.readAllLines(path) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode readJson(Path file) {
    try {
      return Json.parse(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
