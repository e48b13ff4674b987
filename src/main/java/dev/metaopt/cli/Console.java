package dev.metaopt.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * stderr as a person sees it. Log lines always; on a terminal, also one live status line kept
 * below them and redrawn in place: each log line first wipes it (carriage return, then "erase
 * to end of line", which also takes the {@code ^C} a terminal echoes) and then draws it again.
 * Anywhere else — CI, a pipe, a file, {@code -q}, {@code TERM=dumb} — only plain lines are
 * written, without a single control character.
 */
final class Console {
  private static boolean live;
  private static int width; // 0 until the first live line is drawn
  private static String status = "";

  private Console() {}

  /** Chooses the mode once per command, before anything is logged. */
  static synchronized void configure(boolean quiet) {
    clearStatus();
    live = !quiet && isTerminal();
  }

  /** True when the live line is drawn. */
  static synchronized boolean live() {
    return live;
  }

  /** Writes one log line (already ending in a newline) above the live line. */
  static synchronized void log(String line) {
    PrintStream err = System.err;
    wipe(err);
    err.print(line);
    draw(err);
    err.flush();
  }

  /** Replaces the live line (nothing happens unless the console is live). */
  static synchronized void status(String text) {
    if (!live || text.equals(status)) {
      return;
    }
    if (width == 0) {
      // picocli's own detection (stty on the controlling terminal, with a timeout): a process,
      // so only once a live line is drawn, never for a command that draws none (status)
      width = new UsageMessageSpec().autoWidth(true).width();
    }
    PrintStream err = System.err;
    wipe(err);
    // one row: a wrapped line could not be redrawn in place
    status = text.length() < width ? text : text.substring(0, Math.max(0, width - 2)) + "…";
    draw(err);
    err.flush();
  }

  /** Removes the live line, e.g. before the final result is printed on stdout. */
  static synchronized void clearStatus() {
    if (!status.isEmpty()) {
      wipe(System.err);
      System.err.flush();
      status = "";
    }
  }

  private static void wipe(PrintStream err) {
    if (!status.isEmpty()) {
      err.print("\r\033[K"); // ECMA-48 EL: erase from the cursor to the end of the line
    }
  }

  private static void draw(PrintStream err) {
    if (!status.isEmpty()) {
      err.print(status);
    }
  }

  /**
   * stdin and stdout on a terminal ({@code System.console()}), stderr too (where the line goes;
   * read from /proc on Linux), and a terminal that can return to the start of a line.
   */
  private static boolean isTerminal() {
    if (System.console() == null || "dumb".equals(System.getenv("TERM"))) {
      return false;
    }
    Path stderr = Path.of("/proc/self/fd/2");
    if (!Files.exists(stderr)) {
      return true;
    }
    try {
      String target = Files.readSymbolicLink(stderr).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
