package dev.metaopt.e2e;

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
import java.util.Optional;

/**
 * Debian's headless Chromium, run the way a test may run a browser here: as root without the
 * sandbox, no GPU, no first-run, background networking, component updates or sync, a fresh
 * profile per run, and a hard timeout after which its whole process tree is killed.
 */
final class Chromium {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final Path executable;
  private final Path scratch;

  private Chromium(Path executable, Path scratch) {
    this.executable = executable;
    this.scratch = scratch;
  }

  /** Chromium from PATH ({@code chromium}, as Debian names it), if installed. */
  static Optional<Chromium> find(Path scratch) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(new Chromium(candidate, scratch));
        }
      }
    }
    return Optional.empty();
  }

  /** The page's DOM after its scripts ran, and Chromium's log (console messages included). */
  record Page(String dom, String log) {}

  Page dumpDom(Path html) throws IOException {
    Path log = scratch.resolve("chromium-" + System.nanoTime() + ".log");
    ProcessResult result = run(List.of("--enable-logging=stderr", "--v=0", "--dump-dom",
        html.toUri().toString()), log);
    return new Page(result.stdout(), Files.readString(log));
  }

  void screenshot(Path html, Path png, int width, int height) throws IOException {
    run(List.of("--hide-scrollbars", "--window-size=" + width + "," + height,
        "--screenshot=" + png.toAbsolutePath(), html.toUri().toString()),
        scratch.resolve("chromium-shot.log"));
    if (!Files.isRegularFile(png)) {
      throw new IOException("chromium wrote no screenshot at " + png);
    }
  }

  private ProcessResult run(List<String> extra, Path log) throws IOException {
    Path profile = Files.createTempDirectory(scratch, "profile");
    List<String> argv = new ArrayList<>(List.of(executable.toString(), "--headless",
        "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile));
    argv.addAll(extra);
    ProcessResult result = ProcessRunner.run(new ProcessSpec(argv, scratch,
        Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
            "HOME", scratch.toString()), "", log, TIMEOUT));
    if (result.timedOut()) {
      throw new IOException("chromium did not finish within " + TIMEOUT + "; see " + log);
    }
    return result;
  }
}
