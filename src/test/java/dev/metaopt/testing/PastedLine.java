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
 * ({@code /bin/sh -c}). The program the line calls ({@code metaopt}, {@code wandb}) is, first on
 * its PATH, a script that only records the arguments it got, each as {@code [word]}, one call per
 * line; everything else ({@code mv}, {@code cd}) is the real command.
 */
public final class PastedLine {
  private PastedLine() {}

  /** Runs {@code line} in {@code dir}; it must succeed. Returns the recorded metaopt calls. */
  public static List<String> run(String line, Path dir, Path scratch) throws IOException {
    return run(line, dir, scratch, "metaopt");
  }

  /** Runs {@code line} in {@code dir}; it must succeed. Returns the recorded calls of program. */
  public static List<String> run(String line, Path dir, Path scratch, String program)
      throws IOException {
    Path bin = Files.createDirectories(scratch.resolve("pasted-line-bin"));
    Path calls = scratch.resolve("pasted-line-calls.txt");
    Path fake = bin.resolve(program);
    Files.writeString(fake, """
        #!/bin/sh
        for word in "$@"; do printf '[%s]' "$word"; done >> "$PASTED_LINE_CALLS"
        echo >> "$PASTED_LINE_CALLS"
        """);
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
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
