package dev.metaopt.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.worker.ProcessResult;
import dev.metaopt.worker.ProcessRunner;
import dev.metaopt.worker.ProcessSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture's {@code /bin/sh} trial logs exactly the line the Python trial it replaced logs
 * ({@code json.dumps} of the score rounded to six places), so the campaigns that run it reach the
 * same results they reached with Python.
 */
class LocalCampaignFixtureTest {
  /** The trial the fixture ran before, on Python: the reference the shell trial must match. */
  static final String PYTHON_TRIAL = """
      import json, sys
      args = dict(a[2:].split("=", 1) for a in sys.argv[1:] if "=" in a)
      x = float(args.get("x", "0")); y = int(float(args.get("y", "1")))
      print(json.dumps({"score": round(1 - (x - 0.3) ** 2 + 0.01 * y, 6), "_step": 0}))
      """;

  @TempDir Path dir;

  @Test
  void theShellTrialLogsTheLineThePythonTrialLogs() throws Exception {
    // given: the smoke test's call (no arguments), round and long values, a float-valued y
    Files.writeString(dir.resolve("trial.sh"), LocalCampaignFixture.TRIAL);
    Files.writeString(dir.resolve("trial.py"), PYTHON_TRIAL);
    List<List<String>> calls = List.of(List.of(), List.of("--x=0.5", "--y=2"),
        List.of("--x=0.3", "--y=1"), List.of("--y=3", "--x=0.123456789"),
        List.of("--x=0.8", "--y=2.0"), List.of("--x=0.0001", "--y=1"),
        List.of("--x=0.7071067811865476", "--y=3"));

    for (List<String> args : calls) {
      // when
      String shell = run("/bin/sh", "trial.sh", args);
      String python = run(Python.executable().toString(), "trial.py", args);

      // then
      assertThat(shell).as("trial.sh %s", args).isEqualTo(python).startsWith("{\"score\": ");
    }
  }

  @Test
  void theShellTrialComputesTheScoreItNames() throws Exception {
    // given
    Files.writeString(dir.resolve("trial.sh"), LocalCampaignFixture.TRIAL);

    // when / then: 1 − (0.5 − 0.3)² + 0.01·2 = 0.98; the defaults x = 0, y = 1 give 0.92
    assertThat(run("/bin/sh", "trial.sh", List.of("--x=0.5", "--y=2")))
        .isEqualTo("{\"score\": 0.98, \"_step\": 0}\n");
    assertThat(run("/bin/sh", "trial.sh", List.of()))
        .isEqualTo("{\"score\": 0.92, \"_step\": 0}\n");
  }

  private String run(String interpreter, String script, List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of(interpreter, script));
    command.addAll(args);
    ProcessResult result = ProcessRunner.run(new ProcessSpec(command, dir,
        Map.of("PATH", "/usr/bin:/bin"), "", null, Duration.ofSeconds(60)));
    assertThat(result.exitCode()).as("%s %s: %s", script, args, result.stdout()).isZero();
    return result.stdout();
  }
}
