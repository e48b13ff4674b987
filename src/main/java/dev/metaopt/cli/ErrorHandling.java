package dev.metaopt.cli;

import dev.metaopt.ExitCode;
import dev.metaopt.MetaoptException;
import java.io.PrintWriter;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/**
 * Maps exceptions to exit codes and prints them: one {@code error: ...} line on stderr, with the
 * stack trace only under {@code --verbose}.
 */
final class ErrorHandling
    implements IExitCodeExceptionMapper, IExecutionExceptionHandler, IParameterExceptionHandler {
  @Override
  public int getExitCode(Throwable exception) {
    if (exception instanceof MetaoptException metaopt) {
      return metaopt.exitCode().code();
    }
    if (exception instanceof CommandLine.ParameterException) {
      return ExitCode.USAGE.code();
    }
    return ExitCode.SOFTWARE.code();
  }

  @Override
  public int handleExecutionException(
      Exception exception, CommandLine commandLine, ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    if (exception instanceof MetaoptException) {
      err.println("error: " + exception.getMessage());
    } else {
      err.println("error: internal error: " + exception);
      err.println("This is a bug in metaopt; re-run with --verbose and report the output.");
    }
    if (LoggingMixin.verbose(commandLine)) {
      exception.printStackTrace(err);
    }
    err.flush();
    return getExitCode(exception);
  }

  /** A command-line mistake: one line saying what is wrong and where the help is, no usage dump. */
  @Override
  public int handleParseException(CommandLine.ParameterException usage, String[] args) {
    PrintWriter err = usage.getCommandLine().getErr();
    err.println("error: " + usage.getMessage());
    err.println("Try '" + usage.getCommandLine().getCommandSpec().qualifiedName()
        + " --help' for more information.");
    err.flush();
    return ExitCode.USAGE.code();
  }
}
