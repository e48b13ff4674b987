package dev.metaopt.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code project.setup_command} on the local backend: run once per sweep, in the project
 * directory, before the first trial; a setup that fails fails the launch and starts nothing.
 */
@Tag("e2e")
class SweepSetupTest {
  /** A trial that needs what the setup built: without {@code built.txt} it exits 4. */
  static final String TRIAL = """
      import json, os, sys
      if not os.path.exists("built.txt"):
          print("built.txt missing: the setup did not run first", file=sys.stderr); sys.exit(4)
      print(json.dumps({"score": 1.0, "_step": 0}), flush=True)
      """;

  @TempDir Path project;
  @RegisterExtension final LocalSweeps sweeps = LocalSweeps.twoAgents(() -> project, TRIAL);

  @Test
  void theSetupCommandRunsOnceInTheProjectDirectoryBeforeTheFirstTrial() throws Exception {
    // given: a setup that builds what the trials need and counts its runs
    Consumer<ObjectNode> withSetup = setup("echo run >> setup-runs.txt && touch built.txt");

    // when: a sweep of three trials on two agents runs to the end
    String sweep = sweeps.launch(LocalSweeps.grid("\"x\": {\"values\": [1, 2, 3]}"), withSetup);
    JsonNode result = sweeps.pollUntilDone(sweep, t -> { });

    // then
    assertThat(LocalSweeps.outcomes(result, "x")).containsExactlyInAnyOrder("1:finished:",
        "2:finished:", "3:finished:");
    assertThat(Files.readAllLines(project.resolve("setup-runs.txt"))).containsExactly("run");
  }

  @Test
  void aFailingSetupCommandFailsTheLaunchWithItsLastErrorLineAndStartsNoTrial()
      throws Exception {
    // given: a build that fails, as javac does, with output on both streams
    Consumer<ObjectNode> withSetup = setup("echo compiling; echo 'Train.java:3: error: ;"
        + " expected' >&2; echo '1 error' >&2; exit 2");

    // when
    JsonNode result = sweeps.launchResult(LocalSweeps.grid("\"x\": {\"values\": [1]}"),
        withSetup);

    // then: the launch failed, saying why and where the output is; nothing was started
    assertThat(result.path("exit_code").asInt()).isEqualTo(1);
    assertThat(result.path("sweep_id").isNull()).isTrue();
    assertThat(result.path("error").asText()).startsWith(
        "project.setup_command exited 2: 1 error (output: ").contains("setup.*.log");
    Path sweepDir;
    try (var dirs = Files.list(sweeps.metaoptDir().resolve("local-sweeps"))) {
      List<Path> all = dirs.toList();
      assertThat(all).hasSize(1);
      sweepDir = all.get(0);
    }
    assertThat(sweepDir.resolve("sweep.json")).doesNotExist();
    assertThat(sweepDir.resolve("trials")).doesNotExist();
    assertThat(Files.readString(sweepDir.resolve("setup.stderr.log")))
        .contains("Train.java:3: error: ; expected");
    assertThat(Files.readString(sweepDir.resolve("setup.stdout.log"))).contains("compiling");
  }

  private static Consumer<ObjectNode> setup(String command) {
    return task -> ((ObjectNode) task.get("project")).put("setup_command", command);
  }
}
