package dev.metaopt.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.nio.charset.StandardCharsets;

/**
 * The stderr appender ({@link LoggingSetup}): each event, encoded by the configured pattern, goes
 * through {@link Console}, so log lines and the terminal's live status line never overwrite each
 * other.
 */
public final class TerminalAppender extends AppenderBase<ILoggingEvent> {
  private Encoder<ILoggingEvent> encoder;

  /** The pattern each event is encoded by. */
  public void setEncoder(Encoder<ILoggingEvent> encoder) {
    this.encoder = encoder;
  }

  @Override
  public void start() {
    if (encoder == null) {
      addError("no encoder for appender " + name);
      return;
    }
    super.start();
  }

  @Override
  protected void append(ILoggingEvent event) {
    Console.log(new String(encoder.encode(event), StandardCharsets.UTF_8));
  }
}
