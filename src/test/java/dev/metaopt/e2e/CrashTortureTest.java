package dev.metaopt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash torture around every state's step: the campaign halted (as by {@code kill -9}) before
 * executing each working state's handoff and after executing it but before persisting, then
 * resumed to the uninterrupted run's outcome ({@link CrashTorture}). {@link
 * CrashTortureSpreadTest} takes the rest of the kill points, spread over the whole run; they are
 * two classes so that {@code mvn verify}'s two test JVMs share the torture.
 */
@Tag("e2e")
class CrashTortureTest {
  @TempDir Path root;

  @Test
  void everyStateCrashedBeforeAndAfterItsStepResumesToTheSameOutcome() throws Exception {
    // given: the uninterrupted run
    CrashTorture torture = CrashTorture.reference(root);

    // when: crashed before and after each state's step (the second time the step runs, so that
    // both iterations are reached), and resumed
    List<String> settings = new ArrayList<>();
    for (String state : CrashTorture.STATES) {
      settings.add("-Dmetaopt.crashAt=before executing the " + state + " handoff@1");
      settings.add("-Dmetaopt.crashAt=after executing the " + state
          + " handoff, before persisting@2");
    }
    torture.crashAndResume(settings, settings.size());

    // then: every working state was crashed in, and each resumed to the same outcome
    assertThat(torture.crashedIn).as("states crashed in").containsAll(CrashTorture.STATES);
  }
}
