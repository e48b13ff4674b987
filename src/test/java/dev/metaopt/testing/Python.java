package dev.metaopt.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The Python interpreter the tests run scripts with, resolved once to an absolute path: the
 * system's ({@value #SYSTEM}, what CI installs) when there is one, else the one {@code python3}
 * on PATH runs. Starting {@code python3} through a version-manager shim (pyenv's is a bash
 * script) costs about 0.4 s per start against 0.04 s for the interpreter itself, and an
 * interpreter of its own may load site customisations at every start (on the development VM a
 * {@code .pth} file in pyenv's site-packages imports {@code certifi}: 0.09 s of CPU per start
 * against 0.02 s for Debian's); the tests start hundreds of scripts, and none of them tests
 * which Python a user has.
 */
public final class Python {
  static final String SYSTEM = "/usr/bin/python3";
  private static Path executable;

  private Python() {}

  /** The absolute path of the system's interpreter, else of the one {@code python3} runs. */
  public static synchronized Path executable() {
    if (executable == null) {
      Path system = Path.of(SYSTEM);
      executable = Files.isExecutable(system) ? system : resolve();
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
