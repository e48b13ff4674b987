package dev.metaopt.cli;

import dev.metaopt.ExitCode;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

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
    if (versionOnly(args)) { // what picocli's --version prints, without building the command tree
      for (String line : new VersionProvider().getVersion()) {
        out.println(line);
      }
      out.flush();
      return ExitCode.OK.code();
    }
    CommandLine cli = commandLine(needed(args));
    cli.setOut(out);
    cli.setErr(err);
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** The fully configured command tree. */
  static CommandLine commandLine() {
    return commandLine(MetaoptCommand.SUBCOMMANDS);
  }

  /**
   * The subcommands {@code args} can reach. picocli builds each subcommand's model by reflection
   * when it is added, which is most of a short command's start-up, so a command line that starts
   * with a subcommand's name gets only that one and {@code --version} none (cheap enough for a
   * shell prompt); anything else ({@code --help}, a mistyped name) gets all of them.
   */
  static List<Class<?>> needed(String... args) {
    if (versionOnly(args)) {
      return List.of();
    }
    if (args.length > 0) {
      for (Class<?> subcommand : MetaoptCommand.SUBCOMMANDS) {
        if (MetaoptCommand.nameOf(subcommand).equals(args[0])) {
          return List.of(subcommand);
        }
      }
    }
    return MetaoptCommand.SUBCOMMANDS;
  }

  /**
   * A subcommand's model: built in code for {@code status} (a command for a shell prompt, whose
   * start-up was mostly picocli parsing annotations), from the annotations for the others. Either
   * way without the mixins every command shares, which {@link #commandLine(List)} adds.
   */
  static CommandSpec spec(Class<?> subcommand) {
    return subcommand == StatusCommand.class ? new StatusCommand().spec()
        : CommandSpec.forAnnotatedObject(subcommand);
  }

  /** True for {@code metaopt --version} (or {@code -V}) alone. */
  static boolean versionOnly(String... args) {
    return args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
  }

  /** The command tree with the given subcommands. */
  static CommandLine commandLine(List<Class<?>> subcommands) {
    MetaoptCommand root = new MetaoptCommand();
    CommandLine cli = new CommandLine(root.spec());
    for (Class<?> subcommand : subcommands) {
      CommandSpec spec = spec(subcommand);
      spec.addMixin("logging", root.logging.spec());
      if (spec.userObject() instanceof ProjectMixin.User user) {
        spec.addMixin("project", user.project().spec());
      }
      cli.addSubcommand(spec);
    }
    cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit Codes:%n")
        .exitCodeList(ExitCode.helpList());
    cli.setExecutionStrategy(new LoggingMixin.ExecutionStrategy());
    ErrorHandling handling = new ErrorHandling();
    cli.setExitCodeExceptionMapper(handling);
    cli.setExecutionExceptionHandler(handling);
    cli.setParameterExceptionHandler(handling);
    return cli;
  }
}
