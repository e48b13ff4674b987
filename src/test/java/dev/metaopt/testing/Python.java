package dev.metaopt.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The Python interpreter the tests run scripts with, resolved once to an absolute path. Starting
 * {@code python3} through a version-manager shim (pyenv's is a bash script) costs about 0.4 s per
 * start against 0.04 s for the interpreter itself, and the tests start hundreds of scripts.
 */
public final class Python {
  private static Path executable;

  private Python() {}

  /** The absolute path of the interpreter {@code python3} on PATH runs. */
  public static synchronized Path executable() {
    if (executable == null) {
      executable = resolve();
    }
    return executable;
  }

  /** {@code PATH} with the interpreter's directory first, for {@code #!/usr/bin/env python3}. */
  public static String pathFirst(String path) {
    String dir = executable().getParent().toString();
    return path == null || path.isEmpty() ? dir : dir + ":" + path;
  }

  private static Path resolve() {
    try {
      Process probe = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)")
          .redirectErrorStream(true).start();
      try {
        String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
            .strip();
        if (!probe.waitFor(60, TimeUnit.SECONDS) || probe.exitValue() != 0 || out.isEmpty()) {
          throw new IllegalStateException("python3 could not report its executable: " + out);
        }
        Path path = Path.of(out);
        if (!path.isAbsolute() || !Files.isExecutable(path)) {
          throw new IllegalStateException("python3 reported a path that is not executable: " + out);
        }
        return path;
      } finally {
        probe.destroyForcibly();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("python3 is needed by the tests (install it, e.g. with"
          + " .ci/run)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while resolving python3", e);
    }
  }
}
