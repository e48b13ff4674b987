package dev.metaopt.io;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where every file of a campaign lives. The project directory holds the campaign file and
 * {@code AGENTS.md}; everything metaopt writes goes under {@code <project>/.ml-metaopt/}.
 */
public record ProjectLayout(Path projectDir) {
  /** Name of the metaopt directory inside a project. */
  public static final String METAOPT_DIR = ".ml-metaopt";

  public ProjectLayout {
    Objects.requireNonNull(projectDir, "projectDir");
    projectDir = projectDir.toAbsolutePath().normalize();
  }

  public Path metaoptDir() {
    return projectDir.resolve(METAOPT_DIR);
  }

  public Path stateFile() {
    return metaoptDir().resolve("state.json");
  }

  public Path lockFile() {
    return metaoptDir().resolve("lock");
  }

  public Path preflightFile() {
    return metaoptDir().resolve("preflight-readiness.json");
  }

  public Path handoffsDir() {
    return metaoptDir().resolve("handoffs");
  }

  public Path tasksDir() {
    return metaoptDir().resolve("tasks");
  }

  public Path workerResultsDir() {
    return metaoptDir().resolve("worker-results");
  }

  public Path executorEventsDir() {
    return metaoptDir().resolve("executor-events");
  }

  public Path logsDir() {
    return metaoptDir().resolve("logs");
  }

  public Path reportsDir() {
    return metaoptDir().resolve("reports");
  }

  public Path ledgerFile() {
    return metaoptDir().resolve("ledger.jsonl");
  }

  public Path finalReport() {
    return metaoptDir().resolve("final_report.md");
  }

  public Path agentsFile() {
    return projectDir.resolve("AGENTS.md");
  }

  /**
   * Resolves a contract path such as {@code .ml-metaopt/worker-results/bg-1.json} against the
   * project, refusing anything that would land outside {@code .ml-metaopt/}: {@code ..}, absolute
   * paths, and symbolic links inside {@code .ml-metaopt/} that point elsewhere.
   */
  public Path resolveContractPath(String relative) {
    Objects.requireNonNull(relative, "relative");
    Path candidate = projectDir.resolve(relative).normalize();
    if (Path.of(relative).isAbsolute() || !candidate.startsWith(metaoptDir())) {
      throw outside(relative, "is outside " + METAOPT_DIR + "/");
    }
    if (!realPathInside(candidate)) {
      throw outside(relative, "leads outside " + METAOPT_DIR + "/ through a symbolic link");
    }
    return candidate;
  }

  /** True when the deepest existing ancestor of {@code path} really lies in the metaopt dir. */
  private boolean realPathInside(Path path) {
    Path existing = path;
    while (existing != null && !java.nio.file.Files.exists(existing,
        java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing == null || !existing.startsWith(metaoptDir())) {
      return true; // nothing of .ml-metaopt/ exists yet, so nothing can redirect the path
    }
    try {
      return existing.toRealPath().startsWith(metaoptDir().toRealPath());
    } catch (java.io.IOException e) {
      return false; // a dangling link, or unreadable: refuse rather than guess
    }
  }

  private static IllegalArgumentException outside(String relative, String why) {
    return new IllegalArgumentException("path '" + relative + "' " + why
        + "; contract paths must stay inside it");
  }
}
