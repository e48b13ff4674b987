package dev.metaopt.cli;

import ch.qos.logback.classic.Level;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code -v/--verbose} and {@code -q/--quiet}, accepted by the root command and every
 * subcommand ({@code metaopt -v status} and {@code metaopt status -v} alike). {@link Main} adds
 * {@link #spec()} of the root command's instance to every command, so the options land on that
 * one instance wherever they are given, and {@link ExecutionStrategy} applies them once before any
 * command runs — the pattern of picocli's {@code logging_mixin_simple} example, with the model
 * built in code (no annotation to parse at start-up).
 */
public final class LoggingMixin {
  private final Flag verbose = new Flag();
  private final Flag quiet = new Flag();

  /**
   * The two options, bound to this instance. Without an initial value: picocli resets a
   * subcommand's options to theirs when it reaches the subcommand, which would undo a {@code -v}
   * given before it (an annotated setter method has none either).
   */
  CommandSpec spec() {
    CommandSpec mixin = CommandSpec.create();
    mixin.addOption(OptionSpec.builder("-v", "--verbose").type(boolean.class).hasInitialValue(false)
        .description("Log debug detail (every poll) and print stack traces on errors.")
        .getter(verbose).setter(verbose).build());
    mixin.addOption(OptionSpec.builder("-q", "--quiet").type(boolean.class).hasInitialValue(false)
        .description("Log warnings and errors only; no live status line.")
        .getter(quiet).setter(quiet).build());
    return mixin;
  }

  /**
   * A boolean option's value. A class, not a lambda: a lambda for picocli's interfaces (Java 5
   * class files) stays out of the AppCDS archive.
   */
  private static final class Flag implements IGetter, ISetter {
    private boolean value;

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get() {
      return (T) Boolean.valueOf(value);
    }

    @Override
    public <T> T set(T newValue) {
      boolean old = value;
      value = (Boolean) newValue;
      @SuppressWarnings("unchecked")
      T previous = (T) Boolean.valueOf(old);
      return previous;
    }
  }

  /**
   * Sets the log level and the console from the options, then runs the chosen command. A class,
   * not a method reference: a lambda for picocli's interface (a Java 5 class file) keeps the
   * interface and picocli's strategies out of the AppCDS archive.
   */
  static final class ExecutionStrategy implements CommandLine.IExecutionStrategy {
    @Override
    public int execute(ParseResult parseResult) {
      LoggingMixin options = of(parseResult.commandSpec());
      // not LoggerFactory: that starts logback, which a command that does not log never needs
      LoggingSetup.level(options.verbose.value ? Level.DEBUG
          : options.quiet.value ? Level.WARN : Level.INFO);
      Console.configure(options.quiet.value);
      return new CommandLine.RunLast().execute(parseResult);
    }
  }

  /** True when {@code --verbose} was given anywhere on the command line. */
  static boolean verbose(CommandLine commandLine) {
    Object root = commandLine.getCommandSpec().root().userObject();
    return root instanceof MetaoptCommand command && command.logging.verbose.value;
  }

  private static LoggingMixin of(CommandSpec command) {
    return ((MetaoptCommand) command.root().userObject()).logging;
  }
}
