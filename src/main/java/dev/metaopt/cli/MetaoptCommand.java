package dev.metaopt.cli;

import dev.metaopt.ExitCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root command: a declaration of subcommands and exit codes. */
@Command(
    name = "metaopt",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Run resumable, budget-bounded ML metaoptimization campaigns.",
    subcommands = {ValidateCommand.class, PreflightCommand.class, RunCommand.class,
      ResumeCommand.class,
      StatusCommand.class, TrialsCommand.class, BestCommand.class, ExportCommand.class,
      WorkerCommand.class},
    exitCodeListHeading = "%nExit Codes:%n",
    exitCodeList = {
      " 0:Success (run/resume: the campaign reached COMPLETE).",
      " 1:Internal error; re-run with --verbose and report it.",
      " 2:Invalid command line usage.",
      " 3:The campaign ended FAILED.",
      " 4:The campaign ended BLOCKED_PROTOCOL (a worker or agent broke its contract).",
      " 5:Stopped before a terminal state; 'metaopt resume' continues.",
      " 6:An input file is invalid or unreadable; nothing was changed.",
      " 7:The campaign ended BLOCKED_CONFIG (configuration, preflight, identity or budget).",
      " 8:Another metaopt process holds this project's lock.",
      " 9:File system error (permission, read-only, disk full); state is intact."
    })
public final class MetaoptCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE.code();
  }
}
