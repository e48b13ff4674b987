package dev.metaopt.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.worker.ProcessResult;
import dev.metaopt.worker.ProcessRunner;
import dev.metaopt.worker.ProcessSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A command line printed for a person, run the way they run it: pasted into a POSIX shell
 * ({@code /bin/sh -c}). Each program named ({@code metaopt}, {@code wandb}, {@code java}) is, first
 * on its PATH, a script that only records how it was called; everything else ({@code mv},
 * {@code cd}, {@code env}) is the real command.
 */
public final class PastedLine {
  private PastedLine() {}

  /**
   * Runs {@code line} in {@code dir}; it must succeed. Returns the recorded calls of
   * {@code programs}, in order, each as {@code [program][arg]…}.
   */
  public static List<String> run(String line, Path dir, Path scratch, String... programs)
      throws IOException {
    Path bin = Files.createDirectories(scratch.resolve("pasted-line-bin"));
    Path calls = scratch.resolve("pasted-line-calls.txt");
    for (String program : programs) {
      Path fake = bin.resolve(program);
      Files.writeString(fake, """
          #!/bin/sh
          printf '[%s]' "${0##*/}" >> "$PASTED_LINE_CALLS"
          for word in "$@"; do printf '[%s]' "$word"; done >> "$PASTED_LINE_CALLS"
          echo >> "$PASTED_LINE_CALLS"
          """);
      Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Path stderr = scratch.resolve("pasted-line.stderr");
    Files.deleteIfExists(calls);
    Files.deleteIfExists(stderr);
    ProcessResult shell = ProcessRunner.run(new ProcessSpec(List.of("/bin/sh", "-c", line), dir,
        Map.of("PATH", bin + ":/usr/bin:/bin", "PASTED_LINE_CALLS", calls.toString()), "", stderr,
        Duration.ofMinutes(1)));
    assertThat(shell.exitCode()).as("sh -c %s: %s", line,
        Files.exists(stderr) ? Files.readString(stderr) : "").isZero();
    return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
  }
}
