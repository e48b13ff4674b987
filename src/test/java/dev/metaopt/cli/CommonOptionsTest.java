package dev.metaopt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.metaopt.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** What every command shares: one wording for a missing file, and -v/-q everywhere. */
class CommonOptionsTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void aMissingFileIsExit6WithTheSameWordingInEveryCommand() {
    Path nope = dir.resolve("nope.json");
    Path nopeYaml = dir.resolve("nope.yaml");
    List<Run> runs = List.of(
        cli("worker", "ideation", "--task", nope.toString()),
        cli("validate", nope.toString()),
        cli("run", nopeYaml.toString()),
        cli("preflight", nopeYaml.toString()));
    List<String> errors = new ArrayList<>();
    for (Run run : runs) {
      assertThat(run.code()).as(run.toString()).isEqualTo(ExitCode.INVALID_INPUT.code());
      errors.add(run.err().replace(nope.toString(), "FILE").replace(nopeYaml.toString(), "FILE"));
    }
    assertThat(errors).allSatisfy(err -> assertThat(err)
        .matches("error: [a-z ]+ FILE does not exist; check the path\\R"));
  }

  @Test
  void aDirectoryWhereAFileBelongsIsExit6Too() throws Exception {
    Files.createDirectories(dir.resolve("sub"));
    Run run = cli("validate", dir.resolve("sub").toString());
    assertThat(run.code()).isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(run.err()).contains(dir.resolve("sub") + " is a directory, not a file");
  }

  @Test
  void verboseWorksOnEveryCommandAndBeforeIt() {
    Logger logger = (Logger) LoggerFactory.getLogger("dev.metaopt");
    for (String[] args : List.of(
        new String[] {"validate", "-v", dir.resolve("x.yaml").toString()},
        new String[] {"worker", "ideation", "-v", "--task", dir.resolve("t.json").toString()},
        new String[] {"-v", "status", "-C", dir.toString()},
        new String[] {"status", "--verbose", "-C", dir.toString()})) {
      // given: the quiet level a previous command may have left
      logger.setLevel(Level.WARN);

      // when
      Run run = cli(args);

      // then: accepted (no usage error), and debug logging is on
      assertThat(run.code()).as(String.join(" ", args) + ": " + run).isNotEqualTo(2);
      assertThat(logger.getLevel()).as(String.join(" ", args)).isEqualTo(Level.DEBUG);
    }
  }

  @Test
  void quietLowersTheLevelToWarnings() {
    cli("-q", "status", "-C", dir.toString());
    assertThat(((Logger) LoggerFactory.getLogger("dev.metaopt")).getLevel())
        .isEqualTo(Level.WARN);
    cli("status", "-C", dir.toString());
    assertThat(((Logger) LoggerFactory.getLogger("dev.metaopt")).getLevel())
        .isEqualTo(Level.INFO);
  }
}
