package dev.metaopt.orchestrator;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import dev.metaopt.io.ProjectLayout;
import org.slf4j.LoggerFactory;

/**
 * Copies metaopt's log to {@code .ml-metaopt/logs/metaopt.log} while a session runs, so an
 * unattended campaign's history is kept next to its state (stderr shows the same lines).
 */
final class ProjectLog implements AutoCloseable {
  private final Logger logger;
  private final FileAppender<ILoggingEvent> appender;

  private ProjectLog(Logger logger, FileAppender<ILoggingEvent> appender) {
    this.logger = logger;
    this.appender = appender;
  }

  static ProjectLog open(ProjectLayout layout) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSX, UTC} %-5level %logger{0} %msg%n");
    encoder.start();
    FileAppender<ILoggingEvent> appender = new FileAppender<>();
    appender.setContext(context);
    appender.setName("project-log");
    appender.setFile(layout.logsDir().resolve("metaopt.log").toString());
    appender.setAppend(true);
    appender.setEncoder(encoder);
    appender.start();
    Logger logger = context.getLogger("dev.metaopt");
    logger.addAppender(appender);
    return new ProjectLog(logger, appender);
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
  }
}
