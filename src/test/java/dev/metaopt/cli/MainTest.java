package dev.metaopt.cli;

import static dev.metaopt.testing.CliRunAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.ExitCode;
import dev.metaopt.testing.CliRun;
import org.junit.jupiter.api.Test;

/** The command tree {@link Main} builds: only the subcommands a command line can reach. */
class MainTest {
  @Test
  void aSubcommandGetsOnlyItself() {
    assertThat(Main.needed("status", "-C", "project")).containsExactly(StatusCommand.class);
    assertThat(Main.needed("worker", "--help")).containsExactly(WorkerCommand.class);
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
  void theVersionIsPrintedWithoutTheSubcommands() {
    CliRun run = CliRun.of("--version");

    assertThat(run).exitedWith(ExitCode.OK).outContains("metaopt");
  }
}
