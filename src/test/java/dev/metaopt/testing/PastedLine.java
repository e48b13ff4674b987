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
 * ({@code /bin/sh -c}). {@code metaopt} on its PATH is a script that only records the arguments
 * it got, each as {@code [word]}, one call per line; everything else ({@code mv}, {@code cd}) is
 * the real command.
 */
public final class PastedLine {
  private PastedLine() {}

  /** Runs {@code line} in {@code dir}; it must succeed. Returns the recorded metaopt calls. */
  public static List<String> run(String line, Path dir, Path scratch) throws IOException {
    Path bin = Files.createDirectories(scratch.resolve("pasted-line-bin"));
    Path calls = scratch.resolve("metaopt-calls.txt");
    Path metaopt = bin.resolve("metaopt");
    Files.writeString(metaopt, """
        #!/bin/sh
        for word in "$@"; do printf '[%s]' "$word"; done >> "$METAOPT_CALLS"
        echo >> "$METAOPT_CALLS"
        """);
    Files.setPosixFilePermissions(metaopt, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path stderr = scratch.resolve("pasted-line.stderr");
    Files.deleteIfExists(calls);
    Files.deleteIfExists(stderr);
    ProcessResult shell = ProcessRunner.run(new ProcessSpec(List.of("/bin/sh", "-c", line), dir,
        Map.of("PATH", bin + ":/usr/bin:/bin", "METAOPT_CALLS", calls.toString()), "", stderr,
        Duration.ofMinutes(1)));
    assertThat(shell.exitCode()).as("sh -c %s: %s", line,
        Files.exists(stderr) ? Files.readString(stderr) : "").isZero();
    return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
  }
}
