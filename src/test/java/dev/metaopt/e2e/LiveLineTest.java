package dev.metaopt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code metaopt run} in a real terminal (tmux), as a person watches it: the trial lines scroll
 * by and one live status line stays at the bottom, redrawn in place — never a pile of them — and
 * it is gone when the result is printed.
 */
@Tag("e2e")
class LiveLineTest {
  private static final Pattern LIVE_LINE =
      Pattern.compile("iter 1/1 · sweep 0/3 done, 2 running( · .+)?");

  @TempDir Path root;

  @Test
  void aTerminalShowsOneLiveLineBelowTheTrialLinesAndItIsGoneAtTheEnd() throws Exception {
    // given: a campaign whose two first trials run until released
    HeldTrialsProject project = HeldTrialsProject.create(root.resolve("project"));
    Path script = TmuxTerminal.metaoptScript(root, "run", project.campaign.toString());
    try (TmuxTerminal terminal = TmuxTerminal.run(script, project.dir, 150, 40)) {
      // when: the sweep runs (the line is redrawn at every poll: its elapsed time moves on)
      List<String> midSweep = terminal.await("the live line of the sweep",
          screen -> screen.stream().anyMatch(row -> LIVE_LINE.matcher(row).matches()));
      List<String> later = terminal.await("a later redraw of the live line",
          screen -> screen.stream().filter(row -> LIVE_LINE.matcher(row).matches())
              .anyMatch(row -> !midSweep.contains(row)));

      // then: one status line, the last one written, below the trial lines
      for (List<String> screen : List.of(midSweep, later)) {
        List<String> written = screen.stream().filter(row -> !row.isEmpty()).toList();
        assertThat(written.stream().filter(row -> row.startsWith("iter ")))
            .as(String.join("\n", screen)).hasSize(1);
        assertThat(written.get(written.size() - 1)).matches(LIVE_LINE);
        assertThat(written).anyMatch(row -> row.matches(".*INFO  trial \\S+-t00[12] started: x=.*"));
      }

      // when: the trials report and the campaign ends
      project.release();
      List<String> end = terminal.await("the exit code",
          screen -> screen.stream().anyMatch(row -> row.startsWith("exit code ")));

      // then: the trial lines are there, the live line is not, the result is the last word
      String shown = String.join("\n", end);
      assertThat(end).as(shown).contains("exit code 0")
          .noneMatch(row -> row.startsWith("iter "))
          .anyMatch(row -> row.matches(".*INFO  trial \\S+ finished: score=[0-9.]+ in \\S+"
              + " \\(sweep [123]/3 done\\)"))
          .anyMatch(row -> row.startsWith("COMPLETE: campaign complete"));
    } finally {
      project.killTrials();
    }
  }
}
