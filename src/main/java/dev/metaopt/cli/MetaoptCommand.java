package dev.metaopt.cli;

import dev.metaopt.ExitCode;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The root command: a declaration of subcommands (the exit codes come from {@code ExitCode}). The
 * subcommands are listed in {@link #SUBCOMMANDS} and added by {@link Main}, which adds only those
 * a command line needs. Its model is built in code, like {@code status}'s: every command line
 * builds the root, and picocli's annotation reflection is most of a short command's start-up.
 */
public final class MetaoptCommand implements Callable<Integer> {
  /** Every subcommand, in the order {@code --help} lists them. */
  static final List<Class<?>> SUBCOMMANDS = List.of(ValidateCommand.class,
      PreflightCommand.class, RunCommand.class, ResumeCommand.class, StatusCommand.class,
      TrialsCommand.class, BestCommand.class, ExportCommand.class, WorkerCommand.class);

  /**
   * The name a subcommand class answers to: {@code StatusCommand} is {@code status}, as its
   * {@code @Command} (or its model built in code) says; MainTest checks both agree. Read from the
   * class name rather than the annotation, whose parsing (a proxy class per annotation type) a
   * short command cannot afford for every subcommand it does not run.
   */
  static String nameOf(Class<?> subcommand) {
    String name = subcommand.getSimpleName();
    return name.substring(0, name.length() - "Command".length()).toLowerCase(Locale.ROOT);
  }

  /** {@code -v}/{@code -q} of the whole command line, wherever they are given. */
  final LoggingMixin logging = new LoggingMixin();
  private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this);

  MetaoptCommand() {
    spec.name("metaopt");
    spec.usageMessage().description(
        "Run resumable, budget-bounded ML metaoptimization campaigns.");
    spec.versionProvider(new VersionProvider());
    StandardOptions.addTo(spec);
    spec.addMixin("logging", logging.spec());
  }

  /** The root command's model, without subcommands: name, description, help, version, -v/-q. */
  CommandSpec spec() {
    return spec;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE.code();
  }
}
