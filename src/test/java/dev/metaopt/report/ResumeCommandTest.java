package dev.metaopt.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.testing.PastedLine;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resume command an interruption and {@code status} print works pasted into a shell. */
class ResumeCommandTest {
  @TempDir Path root;

  @Test
  void itNamesAProjectDirectoryWithASpaceAndQuotesAsOneArgument() throws Exception {
    // given
    Path project = Files.createDirectories(root.resolve("runs of \"o'neil\""));

    // when
    var calls = PastedLine.run(Human.resumeCommand(project), root, root, "metaopt");

    // then
    assertThat(calls).containsExactly("[metaopt][resume][-C][" + project + "]");
  }
}
