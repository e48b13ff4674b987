package dev.metaopt.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The last error line a failed trial left, as the trial-end line and the reports quote it. */
class TrialOutputTest {
  @TempDir Path dir;

  @Test
  void theLastNonBlankLineOfALargeStderrIsFoundFromItsTail() throws Exception {
    // given: 200 KiB of warnings, then the error and trailing blank lines
    TrialProcess.TrialFiles files = new TrialProcess.TrialFiles(dir);
    String noise = "UserWarning: something harmless happened here\n".repeat(4400);
    Files.writeString(files.stderr(), noise + "MemoryError: simulated OOM\n\n  \n");

    assertThat(TrialOutput.lastErrorLine(files)).isEqualTo("MemoryError: simulated OOM");
  }

  @Test
  void aShortStderrWithoutANewlineIsItsOwnLastLine() throws Exception {
    TrialProcess.TrialFiles files = new TrialProcess.TrialFiles(dir);
    Files.writeString(files.stderr(), "boom");

    assertThat(TrialOutput.lastErrorLine(files)).isEqualTo("boom");
  }

  @Test
  void noStderrOrABlankOneHasNoLastLine() throws Exception {
    TrialProcess.TrialFiles files = new TrialProcess.TrialFiles(dir);
    assertThat(TrialOutput.lastErrorLine(files)).isNull();

    Files.writeString(files.stderr(), "\n \n");
    assertThat(TrialOutput.lastErrorLine(files)).isNull();
  }
}
