package dev.metaopt.backend.skypilot;

import dev.metaopt.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code .ml-metaopt/} (state, logs, records) out of the workdir SkyPilot uploads to every
 * agent. SkyPilot excludes what {@code .skyignore} lists, or else what git ignores
 * (sky/data/storage_utils.py get_excluded_files), so the entry goes where SkyPilot will read it:
 * into an existing {@code .skyignore}; else, in a git work tree, into {@code .git/info/exclude}
 * (local to this clone, never committed); else into a new {@code .skyignore}.
 */
final class WorkdirExclusion {
  static final String ENTRY = ".ml-metaopt/";
  private static final Logger log = LoggerFactory.getLogger(WorkdirExclusion.class);

  private WorkdirExclusion() {}

  static void ensure(Path projectDir) throws IOException {
    Path skyignore = projectDir.resolve(".skyignore");
    Path gitDir = projectDir.resolve(".git");
    if (Files.isRegularFile(skyignore)) {
      add(skyignore);
    } else if (Files.isDirectory(gitDir)) {
      if (!lists(projectDir.resolve(".gitignore"))) {
        add(gitDir.resolve("info").resolve("exclude"));
      }
    } else {
      add(skyignore);
    }
  }

  private static void add(Path file) throws IOException {
    if (lists(file)) {
      return;
    }
    String text = Files.isRegularFile(file) ? Files.readString(file) : "";
    String separator = text.isEmpty() || text.endsWith("\n") ? "" : "\n";
    AtomicFiles.writeString(file, text + separator + ENTRY + "\n");
    log.info("added {} to {} so SkyPilot does not upload metaopt's state to the agents", ENTRY,
        file);
  }

  private static boolean lists(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    return Files.readAllLines(file).stream().map(String::strip)
        .anyMatch(line -> line.matches("/?\\.ml-metaopt/?"));
  }
}
