package dev.metaopt.cli;

import static picocli.CommandLine.Spec.Target.MIXEE;

import ch.qos.logback.classic.Level;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code -v/--verbose} and {@code -q/--quiet}, accepted by the root command and every
 * subcommand ({@code metaopt -v status} and {@code metaopt status -v} alike). The options are
 * kept on the root command's instance and applied once, by {@link ExecutionStrategy}, before
 * any command runs — the pattern of picocli's {@code logging_mixin_simple} example.
 */
public final class LoggingMixin {
  @Spec(MIXEE) CommandSpec mixee;

  private boolean verbose;
  private boolean quiet;

  @Option(
      names = {"-v", "--verbose"},
      description = "Log debug detail (every poll) and print stack traces on errors.")
  void setVerbose(boolean verbose) {
    root().verbose = verbose;
  }

  @Option(
      names = {"-q", "--quiet"},
      description = "Log warnings and errors only; no live status line.")
  void setQuiet(boolean quiet) {
    root().quiet = quiet;
  }

  private LoggingMixin root() {
    return ((MetaoptCommand) mixee.root().userObject()).logging;
  }

  /**
   * Sets the log level and the console from the options, then runs the chosen command. A class,
   * not a method reference: a lambda for picocli's interface (a Java 5 class file) keeps the
   * interface and picocli's strategies out of the AppCDS archive.
   */
  static final class ExecutionStrategy implements CommandLine.IExecutionStrategy {
    @Override
    public int execute(ParseResult parseResult) {
      LoggingMixin options = ((MetaoptCommand) parseResult.commandSpec().root().userObject())
          .logging;
      // not LoggerFactory: that starts logback, which a command that does not log never needs
      LoggingSetup.level(options.verbose ? Level.DEBUG : options.quiet ? Level.WARN : Level.INFO);
      Console.configure(options.quiet);
      return new CommandLine.RunLast().execute(parseResult);
    }
  }

  /** True when {@code --verbose} was given anywhere on the command line. */
  static boolean verbose(CommandLine commandLine) {
    Object root = commandLine.getCommandSpec().root().userObject();
    return root instanceof MetaoptCommand command && command.logging.verbose;
  }
}
