package dev.metaopt.testing;

import dev.metaopt.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code metaopt} command run in this JVM through {@link Main#run(PrintWriter, PrintWriter,
 * String...)}, the entry point {@code main} uses: its exit code and what it printed. Checked with
 * {@link CliRunAssert}.
 */
public record CliRun(int code, String out, String err) {
  /** Runs {@code metaopt ARGS...}. */
  public static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** Runs {@code metaopt COMMAND ARGS...}. */
  public static CliRun of(String command, List<String> args) {
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(args);
    return of(all.toArray(String[]::new));
  }

  @Override
  public String toString() {
    return "exit " + code + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
  }
}
