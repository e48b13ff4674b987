package dev.metaopt.cli;

import static dev.metaopt.testing.CliRunAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.ExitCode;
import dev.metaopt.testing.CliRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command tree {@link Main} builds: only the subcommands a command line can reach. */
class MainTest {
  @Test
  void aSubcommandGetsOnlyItself() {
    assertThat(Main.needed("status", "-C", "project")).containsExactly(StatusCommand.class);
    assertThat(Main.needed("worker", "--help")).containsExactly(WorkerCommand.class);
  }

  @Test
  void everySubcommandIsNamedAfterItsClass() {
    for (Class<?> subcommand : MetaoptCommand.SUBCOMMANDS) {
      assertThat(MetaoptCommand.nameOf(subcommand)).as(subcommand.getName())
          .isEqualTo(Main.spec(subcommand).name());
    }
  }

  @Test
  void theVersionNeedsNoSubcommand() {
    assertThat(Main.needed("--version")).isEmpty();
    assertThat(Main.needed("-V")).isEmpty();
  }

  @Test
  void helpAMistypedNameAndNoArgumentsGetEverySubcommand() {
    assertThat(Main.needed("--help")).isEqualTo(MetaoptCommand.SUBCOMMANDS);
    assertThat(Main.needed("stauts")).isEqualTo(MetaoptCommand.SUBCOMMANDS);
    assertThat(Main.needed()).isEqualTo(MetaoptCommand.SUBCOMMANDS);
    assertThat(Main.needed("--version", "status")).isEqualTo(MetaoptCommand.SUBCOMMANDS);
  }

  @Test
  void helpListsEverySubcommandInOrder() {
    CliRun run = CliRun.of("--help");

    assertThat(run).exitedWith(ExitCode.OK)
        .outContains("validate", "preflight", "run", "resume", "status", "trials", "best",
            "export", "worker");
  }

  @Test
  void aMistypedSubcommandIsAUsageError() {
    CliRun run = CliRun.of("stauts");

    assertThat(run).exitedWith(ExitCode.USAGE).errContains("'stauts'", "metaopt --help");
  }

  @Test
  void theVersionIsPrintedAsPicocliPrintsIt() {
    // given: what picocli's own --version prints from the version provider
    StringWriter picocli = new StringWriter();
    CommandLine tree = Main.commandLine(List.of());
    tree.setOut(new PrintWriter(picocli));
    tree.execute("--version");

    // when
    CliRun run = CliRun.of("--version");

    // then
    assertThat(run).exitedWith(ExitCode.OK).outContains("metaopt ", "Java ");
    assertThat(run.out()).isEqualTo(picocli.toString());
    assertThat(CliRun.of("-V").out()).isEqualTo(picocli.toString());
  }
}
