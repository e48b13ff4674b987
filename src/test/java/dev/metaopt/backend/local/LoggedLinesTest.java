package dev.metaopt.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A growing log read a little further at each poll, each complete line once. */
class LoggedLinesTest {
  @TempDir Path dir;

  @Test
  void eachPollReadsOnlyTheCompleteLinesAddedSinceTheLast() throws Exception {
    Path log = dir.resolve("stdout.log");
    LoggedLines lines = new LoggedLines("loss");

    // a line half written is left for the poll after it ends
    append(log, "{\"loss\": 0.9, \"_step\": 0}\n{\"loss\": 0.");
    lines.update(log, false);
    assertThat(values(lines)).containsExactly(0.9);

    append(log, "7, \"_step\": 1}\nepoch 2 done\n{\"loss\": 0.5, \"_step\": 2}\n");
    lines.update(log, false);
    assertThat(values(lines)).containsExactly(0.9, 0.7, 0.5);

    // nothing new: nothing read twice
    lines.update(log, false);
    assertThat(values(lines)).containsExactly(0.9, 0.7, 0.5);
  }

  @Test
  void onceTheWriterHasExitedAnUnterminatedLastLineIsRead() throws Exception {
    Path log = dir.resolve("stdout.log");
    append(log, "{\"loss\": 0.9}\n{\"loss\": 0.4}");
    LoggedLines lines = new LoggedLines("loss");

    lines.update(log, false);
    assertThat(values(lines)).containsExactly(0.9);
    lines.update(log, true);
    assertThat(values(lines)).containsExactly(0.9, 0.4);
  }

  @Test
  void aLogReplacedByANewFileIsReadFromItsStart() throws Exception {
    Path log = dir.resolve("stdout.log");
    append(log, "{\"loss\": 0.9}\n{\"loss\": 0.8}\n{\"loss\": 0.7}\n");
    LoggedLines lines = new LoggedLines("loss");
    lines.update(log, false);

    // the trial's logs reset before it runs again: a new file, shorter than what was read
    Files.delete(log);
    append(log, "{\"loss\": 0.3}\n");
    lines.update(log, false);

    assertThat(values(lines)).containsExactly(0.3);
  }

  private static void append(Path file, String text) throws Exception {
    Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static List<Double> values(LoggedLines lines) {
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      values.add(lines.value(i));
    }
    return values;
  }
}
