package dev.metaopt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.ExitCode;
import dev.metaopt.testing.GeneratedBlock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The exit codes are written once, in {@link ExitCode}; every copy is generated from it. */
class ExitCodeDocTest {
  @Test
  void theReadmeTableIsGeneratedFromExitCode() throws Exception {
    new GeneratedBlock(Path.of("README.md"), "exit-codes").assertCurrent(ExitCode.readmeTable());
  }

  @Test
  void theSkillTableIsGeneratedFromExitCode() throws Exception {
    new GeneratedBlock(Path.of("SKILL.md"), "exit-codes").assertCurrent(ExitCode.skillTable());
  }

  @Test
  void helpListsEveryExitCodeWithItsMeaning() {
    StringWriter out = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "--help");
    assertThat(code).isZero();
    for (ExitCode exit : ExitCode.values()) {
      assertThat(out.toString()).containsPattern("(?m)^\\s*" + exit.code() + "\\s+"
          + java.util.regex.Pattern.quote(exit.meaning().replace("`", "").substring(0, 20)));
    }
  }
}
