package dev.metaopt.cli;

import dev.metaopt.orchestrator.StopRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM during {@code run}/{@code resume}: the first asks the session to
 * stop after the step in progress (trials keep running; state stays valid); the second abandons
 * that step at once. The JVM's own reaction — exit 130 with nothing said — is replaced for the
 * session's duration and restored afterwards. {@code sun.misc.Signal} is the JDK's only way to
 * handle a signal (JLine and Gradle use it too); it is in the exported {@code jdk.unsupported}
 * module.
 */
final class StopSignals implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StopSignals.class);
  private static final String[] SIGNALS = {"INT", "TERM"};

  private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

  private StopSignals() {}

  /**
   * Installs the handlers: the first signal calls {@code stop.request}, a later one runs
   * {@code abandon} (which does not return: it halts the process).
   */
  static StopSignals install(StopRequest stop, Abandon abandon) {
    StopSignals signals = new StopSignals();
    SignalHandler handler = signal -> {
      String name = "SIG" + signal.getName();
      if (stop.request(name)) {
        log.warn("{}: stopping after the current step; running trials keep running."
            + " Press Ctrl-C again to stop at once.", name);
      } else {
        abandon.now(name);
      }
    };
    for (String name : SIGNALS) {
      try {
        Signal signal = new Signal(name);
        signals.previous.put(signal, Signal.handle(signal, handler));
      } catch (IllegalArgumentException e) {
        // the JVM reserves it (e.g. run with -Xrs): the default reaction stays
        log.debug("cannot handle SIG{}: {}", name, e.getMessage());
      }
    }
    return signals;
  }

  @Override
  public void close() {
    previous.forEach(Signal::handle);
  }

  /** What a second signal does: abandon the step in progress and end the process. */
  @FunctionalInterface
  interface Abandon {
    void now(String signal);
  }
}
