package dev.metaopt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.json.Json;
import dev.metaopt.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proposals cannot choose what runs (issue #14): an external ideation or selection worker — in
 * production an LLM or an agent CLI, so prompt-injectable — whose schema-valid answer names a
 * shell {@code command} or a {@code program} outside the project. On the local backend with a
 * real training script: the proposed command never runs, the campaign completes running the
 * user's own {@code train_command}, and the log and the gate's handoff say what was removed.
 */
@Tag("e2e")
class ProposalCommandTest {
  /** The user's training script: records its argv, prints one metric line. */
  static final String TRAIN = """
      import json, sys
      args = dict(a[2:].split("=", 1) for a in sys.argv[1:] if a.startswith("--") and "=" in a)
      with open("ran.jsonl", "a") as f:
          f.write(json.dumps(sys.argv) + "\\n")
      lr = float(args.get("lr", "0.01"))
      print(json.dumps({"val/accuracy": 1.0 - abs(lr - 0.003), "_step": 0}))
      """;

  /** What a program outside the project would do if it ever ran. */
  static final String EVIL = """
      import json, sys
      open(sys.argv[0] + ".CANARY", "w").close()
      print(json.dumps({"val/accuracy": 0.5, "_step": 0}))
      """;

  @TempDir Path root;

  @Test
  void anIdeationWorkersShellCommandNeverRunsAndTheUsersCommandDoes() throws Exception {
    // given: every ideation answer carries a shell command that would touch a canary first
    Path canary = root.resolve("CANARY");
    Path project = project("ideation", """
        {"ideation": {"sweep_extra": {"command": ["/bin/sh", "-c",
          "touch %s; exec \\"$@\\"", "sh", "%s", "train.py", "${args}"]}}}
        """.formatted(canary, python()));

    // when
    CliRun run = run(project);

    // then
    assertCompletedWithTheUsersCommand(project, run);
    assertThat(canary).doesNotExist();
    assertRemovalReported(project, "metaopt-background-control-WAIT_FOR_PROPOSALS.json",
        "sweep_config.command [\"/bin/sh\",\"-c\",\"touch " + canary);
  }

  @Test
  void aSelectionWorkersShellCommandNeverRunsAndTheUsersCommandDoes() throws Exception {
    // given: built-in ideation; the selection worker adds a shell command to the winner's sweep
    Path canary = root.resolve("CANARY");
    Path project = project("selection", """
        {"selection": {"sweep_extra": {"command": ["/bin/sh", "-c",
          "touch %s; exec \\"$@\\"", "sh", "%s", "train.py", "${args}"]}}}
        """.formatted(canary, python()));

    // when
    CliRun run = run(project);

    // then
    assertCompletedWithTheUsersCommand(project, run);
    assertThat(canary).doesNotExist();
    assertRemovalReported(project, "metaopt-select-design-SELECT_AND_DESIGN_SWEEP.json",
        "sweep_config.command [\"/bin/sh\",\"-c\",\"touch " + canary);
  }

  @Test
  void aProgramOutsideTheProjectNeverRuns() throws Exception {
    // given: a script outside the project, and an ideation worker naming it with enough '..'
    // to climb from the project to the filesystem root and back down to it
    Path evil = root.resolve("evil/Evil.py");
    Files.createDirectories(evil.getParent());
    Files.writeString(evil, EVIL);
    Path project = root.resolve("project");
    String climb = "../".repeat(project.getNameCount() + 2) + root.getRoot().relativize(evil);
    project = project("ideation", """
        {"ideation": {"sweep_extra": {"program": "%s"}}}
        """.formatted(climb));

    // when
    CliRun run = run(project);

    // then
    assertCompletedWithTheUsersCommand(project, run);
    assertThat(root.resolve("evil/Evil.py.CANARY")).doesNotExist();
    assertRemovalReported(project, "metaopt-background-control-WAIT_FOR_PROPOSALS.json",
        "sweep_config.program \"" + climb + "\"", "outside the project");
  }

  /** A local-backend project whose {@code lane} is the scripted fake worker. */
  private Path project(String lane, String scenario) throws IOException {
    Path dir = root.resolve("project");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("train.py"), TRAIN);
    Files.writeString(dir.resolve("scenario.json"), scenario);
    Files.writeString(dir.resolve("ml_metaopt_campaign.yaml"), """
        campaign:
          name: hostile-worker
          description: "a worker tries to choose what runs"
          seed: 5
        project:
          repo: .
          smoke_test_command: "%1$s train.py --lr=0.01"
          train_command: "%1$s train.py"
        wandb:
          entity: me
          project: hostile
        compute:
          provider: local
          accelerator: cpu
          num_sweep_agents: 1
          max_budget_usd: 1
          max_trials_per_sweep: 2
          poll_interval_seconds: 0.05
        objective:
          metric: val/accuracy
          direction: maximize
          improvement_threshold: 0.001
        proposal_policy:
          current_target: 1
        stop_conditions:
          max_iterations: 1
          max_no_improve_iterations: 1
        search_space:
          lr: {values: [0.001, 0.002, 0.004]}
          layers: {values: [1, 2]}
        workers:
          %2$s:
            command: ["%1$s", "%3$s", "%4$s", %2$s]
            timeout_seconds: 60
            retries: 0
        """.formatted(python(), lane, FakeProject.FAKE_WORKER, dir.resolve("scenario.json")));
    return dir;
  }

  private static CliRun run(Path project) {
    String campaign = project.resolve("ml_metaopt_campaign.yaml").toString();
    CliRun preflight = FakeProject.cli("preflight", campaign);
    assertThat(preflight.code()).as(preflight.toString()).isZero();
    return FakeProject.cli("run", campaign);
  }

  private static void assertCompletedWithTheUsersCommand(Path project, CliRun run)
      throws IOException {
    assertThat(run.code()).as(run.toString()).isZero();
    JsonNode state = FakeProject.readJson(project.resolve(".ml-metaopt/state.json"));
    assertThat(state.path("machine_state").asText()).isEqualTo("COMPLETE");
    List<String> ran = Files.readAllLines(project.resolve("ran.jsonl"));
    assertThat(ran).as("trials of the user's train.py (and the smoke test)").hasSizeGreaterThan(1);
    for (String line : ran) {
      JsonNode argv = Json.parse(line);
      assertThat(argv.get(0).asText()).isEqualTo("train.py");
    }
    JsonNode best = Json.parse(FakeProject.cli("best", "-C", project.toString(), "--json").out());
    assertThat(best.path("command").path("argv").get(0).asText()).isEqualTo(python());
    assertThat(best.path("command").path("argv").get(1).asText()).isEqualTo("train.py");
  }

  private static void assertRemovalReported(Path project, String handoff, String... reason)
      throws IOException {
    String log = Files.readString(project.resolve(".ml-metaopt/logs/metaopt.log"));
    StringBuilder warnings = new StringBuilder();
    FakeProject.readJson(project.resolve(".ml-metaopt/handoffs/" + handoff)).path("warnings")
        .forEach(w -> warnings.append(w.asText()).append('\n'));
    assertThat(warnings.toString()).as(handoff).contains(reason)
        .contains("never chooses what runs");
    assertThat(log).contains(reason).contains("never chooses what runs");
  }

  /** The Python interpreter, resolved once (a pyenv shim on PATH costs half a second a start). */
  static String python() {
    for (String candidate : List.of("/usr/bin/python3", "/bin/python3")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return "python3";
  }
}
