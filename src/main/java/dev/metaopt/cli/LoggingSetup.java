package dev.metaopt.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * metaopt's logging, set up in code: logback finds this class through {@code
 * META-INF/services/ch.qos.logback.classic.spi.Configurator} before it looks for an XML file.
 * An XML file would load about 300 classes of logback's XML configurator, the largest part of
 * what a {@code metaopt status} costs; this builds the loggers with none of them.
 *
 * <p>Logs are talk, not data: they go to stderr so stdout stays parseable, through {@link
 * TerminalAppender} so log lines and the terminal's live status line never overwrite each other.
 * An explicit {@code -Dlogback.configurationFile} (the test suite's quiet console, {@code
 * logback-test.xml}) is left to logback's own XML configurator.
 *
 * <p>Logback starts on the first logger anyone asks for, not before: a command that never logs
 * ({@code status}, {@code --help}) never pays for it. So the level a command line chooses ({@link
 * #level}) is kept here until then and applied when logback starts.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LoggingSetup extends ContextAwareBase implements Configurator {
  /** The line a log event prints as. */
  static final String PATTERN = "%d{HH:mm:ss} %-5level %msg%n";

  /** The logger whose level {@code -v}/{@code -q} choose. */
  static final String METAOPT = "dev.metaopt";

  private static final ChosenLevel LEVEL = new ChosenLevel();

  /** Sets metaopt's log level: at once when logging has started, else when it starts. */
  static void level(Level chosen) {
    LEVEL.choose(chosen);
  }

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    LEVEL.start(context);
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    TerminalAppender stderr = new TerminalAppender();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setEncoder(encoder);
    stderr.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(stderr);
    context.getLogger("com.networknt").setLevel(Level.WARN);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** metaopt's level as the command line chose it, kept until logback starts (INFO until then). */
  static final class ChosenLevel {
    private Level level = Level.INFO;
    private LoggerContext started;

    synchronized void choose(Level chosen) {
      level = chosen;
      if (started != null) {
        started.getLogger(METAOPT).setLevel(chosen);
      }
    }

    synchronized void start(LoggerContext context) {
      started = context;
      context.getLogger(METAOPT).setLevel(level);
    }
  }
}
