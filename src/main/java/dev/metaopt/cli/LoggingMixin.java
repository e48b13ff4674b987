package dev.metaopt.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** {@code -v/--verbose} and {@code -q/--quiet}, shared by every subcommand. */
public final class LoggingMixin {
  @Option(
      names = {"-v", "--verbose"},
      description = "Log debug detail and print stack traces on errors.")
  boolean verbose;

  @Option(
      names = {"-q", "--quiet"},
      description = "Log warnings and errors only.")
  boolean quiet;

  /** Applies the chosen level to metaopt's loggers (stderr only; stdout stays data). */
  public void apply() {
    Logger logger = (Logger) LoggerFactory.getLogger("dev.metaopt");
    logger.setLevel(verbose ? Level.DEBUG : quiet ? Level.WARN : Level.INFO);
  }

  /** True when {@code --verbose} was given. */
  public boolean verbose() {
    return verbose;
  }
}
