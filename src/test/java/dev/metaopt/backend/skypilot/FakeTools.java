package dev.metaopt.backend.skypilot;

import dev.metaopt.worker.ProcessResult;
import dev.metaopt.worker.ProcessRunner;
import dev.metaopt.worker.ProcessSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Installs the fake {@code sky}, {@code wandb} and {@code git} of
 * {@code src/test/resources/fake-skypilot/} into a directory, their {@code #!} line pointing at a
 * Python interpreter resolved once per test JVM by absolute path (the {@code python3} on PATH
 * may be a slow version-manager shim), one that has PyYAML as wandb does.
 */
final class FakeTools {
  private static Path interpreter;

  private FakeTools() {}

  /** Copies the fakes into {@code bin}, executable, keeping their state in {@code state}. */
  static void install(Path bin, Path state) throws IOException {
    Files.createDirectories(bin);
    Files.writeString(bin.resolve(".fake-state"), state.toString());
    String shebang = "#!" + interpreter();
    for (String tool : List.of("sky", "wandb", "git")) {
      Path target = bin.resolve(tool);
      String script = Files.readString(Path.of("src/test/resources/fake-skypilot", tool));
      Files.writeString(target, script.startsWith("#!/usr/bin/env python3")
          ? shebang + script.substring("#!/usr/bin/env python3".length()) : script);
      target.toFile().setExecutable(true);
    }
  }

  /** The absolute path of a Python 3 with PyYAML: Debian's, else the one {@code python3} runs. */
  static synchronized Path interpreter() throws IOException {
    if (interpreter == null) {
      for (String candidate : List.of("/usr/bin/python3", "python3")) {
        ProcessResult probe;
        try {
          probe = ProcessRunner.run(new ProcessSpec(List.of(candidate, "-c",
              "import sys, yaml; print(sys.executable)"), Path.of("."),
              Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin")), "", null,
              Duration.ofSeconds(60)));
        } catch (IOException notThere) {
          continue;
        }
        if (probe.exitCode() == 0 && !probe.stdout().isBlank()) {
          interpreter = Path.of(probe.stdout().strip());
          break;
        }
      }
      if (interpreter == null) {
        throw new IOException("the SkyPilot fakes need python3 with PyYAML (Debian:"
            + " apt-get install python3-yaml)");
      }
    }
    return interpreter;
  }
}
