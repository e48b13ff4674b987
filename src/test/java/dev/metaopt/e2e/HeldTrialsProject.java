package dev.metaopt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.protocol.Attempt;
import dev.metaopt.protocol.ContractPaths;
import dev.metaopt.testing.ChildJvm;
import dev.metaopt.testing.CliRun;
import dev.metaopt.testing.Python;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A local campaign whose trials wait for an explicit signal (a {@code release} file) before they
 * report: a test can catch them running, do what a person does (Ctrl-C, kill -9, status), then
 * let them finish. Nothing is timed: the trials are released by the test, never by a clock (a
 * five-minute bound only keeps a broken test from leaving processes behind). A trial logs its
 * score once before it waits, as a first epoch would, so the smoke test's sampled trial ends
 * there instead of being held too.
 */
final class HeldTrialsProject {
  static final String TRIAL = """
      import json, os, sys, time
      args = dict(a[2:].split("=", 1) for a in sys.argv[1:] if "=" in a)
      x = float(args.get("x", "0.5"))
      if "--hold" in sys.argv:
          with open("smoke-running", "w") as marker:
              marker.write(str(os.getpid()))
      score = round(1 - (x - 0.3) ** 2, 6)
      if "--smoke" not in sys.argv:
          # a first epoch's value, as a training loop logs it: the sampled smoke trial ends here
          print(json.dumps({"score": score, "_step": 0}), flush=True)
      if "--smoke" not in sys.argv or "--hold" in sys.argv:
          deadline = time.time() + 300
          while not os.path.exists("release") and time.time() < deadline:
              time.sleep(0.05)
      print(json.dumps({"score": score, "_step": 1}), flush=True)
      """;
  static final String CAMPAIGN = """
      campaign: {name: held-trials, description: "trials that wait to be released", seed: 5}
      project: {repo: ., smoke_test_command: "PYTHON trial.py --smoke",
                train_command: "PYTHON trial.py"}
      wandb: {entity: local, project: held}
      compute: {provider: local, accelerator: cpu, num_sweep_agents: 2, max_budget_usd: 1,
                max_trials_per_sweep: 3, poll_interval_seconds: 0.1}
      objective: {metric: score, direction: maximize, improvement_threshold: 0.001}
      proposal_policy: {current_target: 1}
      stop_conditions: {max_iterations: 1, max_no_improve_iterations: 1}
      search_space:
        x: {distribution: uniform, min: 0.0, max: 1.0}
      """;

  final Path dir;
  final Path campaign;
  final ProjectLayout layout;

  private HeldTrialsProject(Path dir) {
    this.dir = dir.toAbsolutePath();
    this.campaign = this.dir.resolve("ml_metaopt_campaign.yaml");
    this.layout = new ProjectLayout(this.dir);
  }

  /** Writes the project and runs preflight on it. */
  static HeldTrialsProject create(Path dir) throws IOException {
    return create(dir, false);
  }

  /**
   * With {@code holdSmokeTest}, the smoke test waits for the release too (after writing its pid
   * to {@code smoke-running}): a step that takes as long as the test wants.
   */
  static HeldTrialsProject create(Path dir, boolean holdSmokeTest) throws IOException {
    HeldTrialsProject project = new HeldTrialsProject(dir);
    Files.createDirectories(project.dir);
    Files.writeString(project.dir.resolve("trial.py"), TRIAL);
    // the interpreter resolved once, not a version manager's shim started per trial
    String campaign = CAMPAIGN.replace("PYTHON", Python.executable().toString());
    Files.writeString(project.campaign, holdSmokeTest
        ? campaign.replace("trial.py --smoke\"", "trial.py --smoke --hold\"") : campaign);
    CliRun preflight = FakeProject.cli("preflight", project.campaign.toString());
    assertThat(preflight.code()).as(preflight.toString()).isZero();
    return project;
  }

  /**
   * True once the first sweep has been polled. Its poll file is renamed at every poll (one per
   * sweep), so any poll number counts: a wait for poll 1 alone misses it when the next poll
   * comes before the wait looks.
   */
  boolean polled() {
    return ContractPaths.lastPoll(dir, Attempt.first(1)) > 0;
  }

  /** Lets every trial (running or still to come) report its metric and exit. */
  void release() throws IOException {
    Files.writeString(dir.resolve("release"), "go\n");
  }

  /** Pids of trial wrappers that are alive now. */
  List<Long> liveTrialPids() throws IOException {
    List<Long> pids = new ArrayList<>();
    for (Path pidFile : pidFiles()) {
      readPid(pidFile).filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive)
          .orElse(false)).ifPresent(pids::add);
    }
    return pids;
  }

  /** Waits (for the event, bounded only against a broken build) until n trials are alive. */
  List<Long> awaitLiveTrials(int n, ChildJvm orchestrator) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      List<Long> live = liveTrialPids();
      if (live.size() >= n) {
        return live;
      }
      if (!orchestrator.isAlive()) {
        throw new AssertionError("metaopt exited with " + orchestrator.exitValue()
            + " before " + n + " trials ran");
      }
      Thread.sleep(50);
    }
    throw new AssertionError("fewer than " + n + " trials ever ran");
  }

  /** Kills every trial process tree still alive (test cleanup: nothing outlives the test). */
  void killTrials() throws IOException {
    for (long pid : liveTrialPids()) {
      ProcessHandle.of(pid).ifPresent(handle -> {
        handle.descendants().forEach(ProcessHandle::destroyForcibly);
        handle.destroyForcibly();
      });
    }
  }

  /** Every trial record of every sweep, as persisted in sweep.json. */
  List<JsonNode> trialRecords() throws IOException {
    List<JsonNode> trials = new ArrayList<>();
    try (Stream<Path> sweeps = Files.list(layout.metaoptDir().resolve("local-sweeps"))) {
      for (Path sweep : sweeps.toList()) {
        FakeProject.readJson(sweep.resolve("sweep.json")).path("trials").forEach(trials::add);
      }
    }
    return trials;
  }

  /**
   * {@code local-sweeps/<sweep>/trials/<run>/pid}, listed level by level (temp files come and
   * go).
   */
  private List<Path> pidFiles() throws IOException {
    List<Path> pids = new ArrayList<>();
    for (Path sweep : directories(layout.metaoptDir().resolve("local-sweeps"))) {
      for (Path trial : directories(sweep.resolve("trials"))) {
        pids.add(trial.resolve("pid"));
      }
    }
    return pids;
  }

  private static List<Path> directories(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(Files::isDirectory).toList();
    }
  }

  private static Optional<Long> readPid(Path file) {
    try {
      return Optional.of(Long.parseLong(Files.readString(file).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty(); // being written: the wrapper writes its pid as it starts
    }
  }
}
