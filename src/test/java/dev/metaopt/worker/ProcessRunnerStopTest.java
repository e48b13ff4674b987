package dev.metaopt.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process whose caller has seen what it needed is stopped at once, its whole tree with it,
 * instead of running to its timeout.
 */
class ProcessRunnerStopTest {
  @TempDir Path dir;

  /** A shell that starts a long sleep in the background, writes its pid, says "ready", waits. */
  private ProcessSpec readyThenWaits(Duration timeout) {
    return new ProcessSpec(List.of("/bin/sh", "-c",
        "sleep 600 & echo $! > sleeper.pid; echo ready; wait"), dir,
        Map.of("PATH", "/usr/bin:/bin"), "", null, timeout);
  }

  @Test
  void aProcessIsStoppedWithItsTreeOnceItsStdoutSaysWhatTheCallerWaitsFor() throws Exception {
    // given: a timeout the process would never reach before the test's own bound
    ProcessSpec spec = readyThenWaits(Duration.ofMinutes(15));

    // when
    ProcessResult result = ProcessRunner.run(spec, stdout -> stdout.contains("ready"));

    // then: stopped, not timed out, and the background child is gone too
    assertThat(result.stopped()).isTrue();
    assertThat(result.timedOut()).isFalse();
    assertThat(result.exitCode()).isEqualTo(-1);
    assertThat(result.stdout()).contains("ready");
    long sleeper = Long.parseLong(Files.readString(dir.resolve("sleeper.pid")).strip());
    assertThat(ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false))
        .as("the background sleep of the stopped process").isFalse();
  }

  @Test
  void aProcessThatExitsByItselfIsNotStopped() throws Exception {
    // given
    ProcessSpec spec = new ProcessSpec(List.of("/bin/sh", "-c", "echo ready"), dir,
        Map.of("PATH", "/usr/bin:/bin"), "", null, Duration.ofMinutes(1));

    // when: the condition never holds
    ProcessResult result = ProcessRunner.run(spec, stdout -> false);

    // then
    assertThat(result.stopped()).isFalse();
    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).isEqualTo("ready\n");
  }
}
