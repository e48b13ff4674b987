package dev.metaopt.cli;

import dev.metaopt.ExitCode;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point: the only place that ends the process ({@link System#exit}, or a halt). */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Ends the process at once with {@code code}, from a second Ctrl-C: no shutdown hooks, the
   * step in progress abandoned (as safe as a crash; the caller already said what to do next).
   */
  static void halt(int code) {
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(code);
  }

  /** Runs the CLI with the process streams and returns the exit code. */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs the CLI with the given streams (what tests call) and returns the exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = commandLine();
    cli.setOut(out);
    cli.setErr(err);
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** The fully configured command tree. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new MetaoptCommand());
    cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit Codes:%n")
        .exitCodeList(ExitCode.helpList());
    cli.setExecutionStrategy(LoggingMixin::executionStrategy);
    ErrorHandling handling = new ErrorHandling();
    cli.setExitCodeExceptionMapper(handling);
    cli.setExecutionExceptionHandler(handling);
    cli.setParameterExceptionHandler(handling);
    return cli;
  }
}
