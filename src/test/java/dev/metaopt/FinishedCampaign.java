package dev.metaopt;

import dev.metaopt.testing.DirectoryCopy;
import java.io.IOException;
import java.nio.file.Path;

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
    DirectoryCopy.copy(FIXTURE, project.resolve(".ml-metaopt"));
    return project;
  }
}
