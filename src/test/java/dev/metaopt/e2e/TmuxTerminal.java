package dev.metaopt.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real terminal for a test: a detached tmux pane (tmux from Debian's package) on a server of
 * its own socket, so no one else's session is touched. What a person sees is read with
 * {@code capture-pane}; {@link #close} kills the server and with it the pane's shell.
 */
final class TmuxTerminal implements AutoCloseable {
  private final String socket = "metaopt-test-" + ProcessHandle.current().pid() + "-"
      + System.nanoTime();

  private TmuxTerminal() {}

  /**
   * Runs {@code script} (a {@code sh} script file, so a long class path never reaches tmux's
   * command line) in a {@code columns} × {@code rows} pane.
   */
  static TmuxTerminal run(Path script, Path workDir, int columns, int rows) throws Exception {
    TmuxTerminal terminal = new TmuxTerminal();
    terminal.tmux("new-session", "-d", "-s", "t", "-x", Integer.toString(columns),
        "-y", Integer.toString(rows), "-c", workDir.toString(), "sh " + script);
    return terminal;
  }

  /** The visible screen, one string per row, without trailing spaces. */
  List<String> screen() throws Exception {
    List<String> rows = new ArrayList<>();
    for (String row : tmux("capture-pane", "-p", "-t", "t").split("\n", -1)) {
      rows.add(row.stripTrailing());
    }
    return rows;
  }

  /** Waits until the screen shows what {@code seen} accepts, and returns that screen. */
  List<String> await(String what, Predicate<List<String>> seen) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3); // only against a hang
    List<String> screen = screen();
    while (!seen.test(screen)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("never on the screen: " + what + "\n" + String.join("\n", screen));
      }
      Thread.sleep(50);
      screen = screen();
    }
    return screen;
  }

  private String tmux(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
    command.addAll(List.of(args));
    Process tmux = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(tmux.getInputStream().readAllBytes());
    if (!tmux.waitFor(1, TimeUnit.MINUTES)) {
      tmux.destroyForcibly();
      throw new IOException("tmux " + args[0] + " did not return");
    }
    if (tmux.exitValue() != 0) {
      throw new IOException("tmux " + String.join(" ", args) + " failed: " + output);
    }
    return output;
  }

  @Override
  public void close() throws Exception {
    tmux("kill-server");
  }

  /** A script running metaopt (this build, this JVM) with {@code args}, then its exit code. */
  static Path metaoptScript(Path dir, String... args) throws IOException {
    StringBuilder line = new StringBuilder("'")
        .append(Path.of(System.getProperty("java.home"), "bin", "java")).append("' -cp '")
        .append(System.getProperty("java.class.path")).append("' dev.metaopt.cli.Main");
    for (String arg : args) {
      line.append(" '").append(arg).append('\'');
    }
    line.append("\necho \"exit code $?\"\nexec sleep 600\n");
    Path script = dir.resolve("metaopt-in-terminal.sh");
    Files.writeString(script, line.toString());
    return script;
  }
}
