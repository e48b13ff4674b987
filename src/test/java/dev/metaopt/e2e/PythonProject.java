package dev.metaopt.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A user's project on the local backend with the built-in workers: a W&B-style python3 training
 * script (argparse-like {@code --key=value}, one JSON line per epoch, unflushed {@code print}) and
 * a campaign for it. A file named {@code fault} in the project makes the script misbehave the way
 * its content says, so a test can break the program and then fix it as a user would.
 */
final class PythonProject {
  static final String TRAIN = """
      import json, os, sys
      args = dict(a[2:].split("=", 1) for a in sys.argv[1:] if a.startswith("--") and "=" in a)
      fault = open("fault").read().strip() if os.path.exists("fault") else ""
      if fault == "crash":
          print("Traceback (most recent call last):", file=sys.stderr)
          print("AttributeError: 'Namespace' object has no attribute 'sed'", file=sys.stderr)
          sys.exit(1)
      x, y = float(args.get("x", "0.5")), float(args.get("y", "0.5"))
      for epoch in range(2):
          loss = (x - 0.3) ** 2 + (y - 0.6) ** 2 + 0.1 / (epoch + 1)
          print(json.dumps({"epoch": epoch, "train/loss": loss * 1.1, "val/loss": loss}))
      """;

  final Path dir;
  final Path campaign;

  private PythonProject(Path dir) {
    this.dir = dir;
    this.campaign = dir.resolve("ml_metaopt_campaign.yaml");
  }

  /** Writes {@code train.py} and a campaign minimizing {@code metric} over 3 iterations. */
  static PythonProject create(Path dir, String metric) throws IOException {
    Files.createDirectories(dir);
    PythonProject project = new PythonProject(dir);
    Files.writeString(dir.resolve("train.py"), TRAIN);
    Files.writeString(project.campaign, """
        campaign:
          name: rings
          description: "a W&B-style script on the local backend"
          seed: 3
        project:
          repo: .
          smoke_test_command: "python3 train.py --x=0.5"
          train_command: "python3 train.py"
        wandb:
          entity: me
          project: rings
        compute:
          provider: local
          accelerator: cpu
          num_sweep_agents: 2
          idle_timeout_minutes: 5
          max_budget_usd: 1
          max_trials_per_sweep: 4
          poll_interval_seconds: 0.1
        objective:
          metric: %s
          direction: minimize
          improvement_threshold: 0.0001
        proposal_policy:
          current_target: 1
        stop_conditions:
          max_iterations: 3
          max_no_improve_iterations: 3
        search_space:
          x: {distribution: uniform, min: 0.0, max: 1.0}
          y: {distribution: uniform, min: 0.0, max: 1.0}
        """.formatted(metric));
    return project;
  }

  /** Makes the script misbehave ({@code crash}), or behave again ({@code null}). */
  void fault(String fault) throws IOException {
    Path file = dir.resolve("fault");
    if (fault == null) {
      Files.deleteIfExists(file);
    } else {
      Files.writeString(file, fault);
    }
  }

  CliRun preflight() {
    return FakeProject.cli("preflight", campaign.toString());
  }

  CliRun run(String... extra) {
    String[] args = new String[extra.length + 2];
    args[0] = "run";
    args[1] = campaign.toString();
    System.arraycopy(extra, 0, args, 2, extra.length);
    return FakeProject.cli(args);
  }

  JsonNode state() {
    return FakeProject.readJson(dir.resolve(".ml-metaopt/state.json"));
  }
}
