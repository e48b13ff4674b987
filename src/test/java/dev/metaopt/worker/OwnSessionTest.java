package dev.metaopt.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Children start outside the terminal's foreground process group, so a Ctrl-C reaches metaopt
 * alone; the pid metaopt holds stays the program's own (setsid does not fork).
 */
class OwnSessionTest {
  @TempDir Path dir;

  @Test
  void aWorkerProcessLeadsASessionOfItsOwn() throws Exception {
    // given: a program that prints whether it leads its session, and its parent's pid
    ProcessSpec spec = new ProcessSpec(List.of("python3", "-c",
        "import os; print(os.getsid(0) == os.getpid(), os.getppid())"), dir,
        Map.of("PATH", System.getenv("PATH")), "", null, Duration.ofSeconds(30));

    // when
    ProcessResult result = ProcessRunner.run(spec);

    // then
    assertThat(result.exitCode()).isZero();
    String[] answer = result.stdout().strip().split(" ");
    assertThat(answer[0]).isEqualTo("True");
    // setsid ran in place: the program's parent is this JVM (no setsid process in between)
    assertThat(Long.parseLong(answer[1])).isEqualTo(ProcessHandle.current().pid());
  }

  @Test
  void aMissingProgramIsStillRefusedBeforeAnythingStarts() {
    ProcessSpec spec = new ProcessSpec(List.of("no-such-program-anywhere"), dir,
        Map.of("PATH", "/usr/bin:/bin"), "", null, Duration.ofSeconds(5));

    assertThatThrownBy(() -> ProcessRunner.run(spec)).isInstanceOf(IOException.class)
        .hasMessageContaining("no-such-program-anywhere");
  }
}
