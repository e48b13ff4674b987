package dev.metaopt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash torture at points spread evenly over the whole run — mid-write, mid-dispatch, mid-poll,
 * wherever the n-th crash point falls — each resumed to the uninterrupted run's outcome ({@link
 * CrashTorture}): the kill points {@link CrashTortureTest}'s named ones leave of
 * {@code -Dmetaopt.torturePoints} (34 of the default 50).
 */
@Tag("e2e")
class CrashTortureSpreadTest {
  @TempDir Path root;

  @Test
  void crashesSpreadOverTheWholeRunResumeToTheSameOutcome() throws Exception {
    // given: the uninterrupted run, counting its crash points
    CrashTorture torture = CrashTorture.reference(root);
    int wanted = Math.max(1, CrashTorture.POINTS - 2 * CrashTorture.STATES.size());
    assertThat(torture.points).isGreaterThan(2L * wanted);

    // when: crashed at the n-th point for 2 × wanted evenly spaced n over 90% of the run (how many
    // points a run passes varies a little with timing, polls, so a run may end first: it is still
    // checked), every other one first so that the wanted crashes cover the whole run and the
    // ones between are spares; each resumed
    List<String> settings = new ArrayList<>();
    for (int first : List.of(1, 2)) {
      for (int i = first; i <= 2 * wanted; i += 2) {
        settings.add("-Dmetaopt.crashAfter="
            + Math.max(1, Math.round(i * 0.9 * torture.points / (2 * wanted + 1))));
      }
    }
    torture.crashAndResume(settings, wanted);

    // then: each resumed to the same outcome (crashAndResume checks it), and the crashes reached
    // into both iterations of the run
    assertThat(torture.crashedInIterations).as("iterations crashed in").containsExactly(1, 2);
  }
}
