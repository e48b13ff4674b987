package dev.metaopt.cli;

import dev.metaopt.ExitCode;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The root command: a declaration of subcommands (the exit codes come from {@code ExitCode}). The
 * subcommands are listed in {@link #SUBCOMMANDS} and added by {@link Main}, which adds only those
 * a command line needs.
 */
@Command(
    name = "metaopt",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Run resumable, budget-bounded ML metaoptimization campaigns.")
public final class MetaoptCommand implements Callable<Integer> {
  /** Every subcommand, in the order {@code --help} lists them. */
  static final List<Class<?>> SUBCOMMANDS = List.of(ValidateCommand.class,
      PreflightCommand.class, RunCommand.class, ResumeCommand.class, StatusCommand.class,
      TrialsCommand.class, BestCommand.class, ExportCommand.class, WorkerCommand.class);

  /**
   * The name a subcommand class answers to: {@code StatusCommand} is {@code status}, as its
   * {@code @Command} says (MainTest checks both agree). Read from the class name rather than the
   * annotation, whose parsing (a proxy class per annotation type) a short command cannot afford
   * for every subcommand it does not run.
   */
  static String nameOf(Class<?> subcommand) {
    String name = subcommand.getSimpleName();
    return name.substring(0, name.length() - "Command".length()).toLowerCase(Locale.ROOT);
  }

  @Spec CommandSpec spec;
  @Mixin LoggingMixin logging;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE.code();
  }
}
