package dev.metaopt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A finished quickstart campaign's files (state, settings, worker results, selection tasks and
 * sweep records; no trial logs), recorded once and kept as a fixture so results tests do not
 * change when the example directory is regenerated. Best: {@value #BEST_RUN}, 0.945.
 */
public final class FinishedCampaign {
  /** The best trial of the recorded campaign. */
  public static final String BEST_RUN = "local-979e1eb96f17-t002";

  private static final Path FIXTURE = Path.of("src/test/resources/finished-quickstart");

  private FinishedCampaign() {}

  /** Copies the campaign into {@code project/.ml-metaopt/}; returns {@code project}. */
  public static Path copyTo(Path project) throws IOException {
    Path target = project.resolve(".ml-metaopt");
    try (Stream<Path> files = Files.walk(FIXTURE)) {
      for (Path file : files.toList()) {
        Path copy = target.resolve(FIXTURE.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(file, copy);
        }
      }
    }
    return project;
  }
}
