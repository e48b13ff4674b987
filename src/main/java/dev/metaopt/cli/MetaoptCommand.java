package dev.metaopt.cli;

import dev.metaopt.ExitCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root command: a declaration of subcommands (the exit codes come from {@code ExitCode}). */
@Command(
    name = "metaopt",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Run resumable, budget-bounded ML metaoptimization campaigns.",
    subcommands = {ValidateCommand.class, PreflightCommand.class, RunCommand.class,
      ResumeCommand.class,
      StatusCommand.class, TrialsCommand.class, BestCommand.class, ExportCommand.class,
      WorkerCommand.class})
public final class MetaoptCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin LoggingMixin logging;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE.code();
  }
}
