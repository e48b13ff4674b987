package dev.metaopt.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.json.Json;
import dev.metaopt.testing.CliRun;
import dev.metaopt.testing.LocalCampaignFixture;
import dev.metaopt.testing.Python;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A project directory whose four worker lanes are the scripted fake worker
 * ({@code src/test/resources/fake-workers/fake_worker.py}), driven through the real CLI.
 */
final class FakeProject {
  static final Path FAKE_WORKER =
      Path.of("src/test/resources/fake-workers/fake_worker.py").toAbsolutePath();

  final Path dir;
  final Path campaign;
  final ProjectLayout layout;
  /** The same project, run in this JVM instead of through the CLI. */
  final LocalCampaignFixture fixture;

  private FakeProject(Path dir) {
    this.dir = dir;
    this.fixture = LocalCampaignFixture.create(dir, "");
    this.campaign = fixture.campaign;
    this.layout = fixture.layout;
  }

  /** Writes the campaign (with extra YAML appended to sections) and the scenario. */
  static FakeProject create(Path dir, String stopConditions, String scenarioJson) {
    FakeProject project = new FakeProject(dir);
    project.write("scenario.json", scenarioJson);
    StringBuilder workers = new StringBuilder("workers:\n");
    for (String lane : List.of("ideation", "selection", "analysis", "execution")) {
      workers.append("  ").append(lane).append(":\n    command: [\"").append(Python.executable())
          .append("\", \"")
          .append(FAKE_WORKER).append("\", \"").append(dir.resolve("scenario.json"))
          .append("\", ").append(lane).append("]\n    timeout_seconds: 60\n    retries: 1\n");
    }
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
        """ + stopConditions + workers);
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
