package dev.metaopt.cli;

import dev.metaopt.orchestrator.CampaignSession;
import dev.metaopt.orchestrator.SessionOutcome;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code metaopt resume}: continues an interrupted campaign from its persisted state. */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description = {
      "Resume an interrupted campaign from .ml-metaopt/state.json.",
      "Reconnects to a live sweep instead of launching a new one; finished work is never redone."
    })
public final class ResumeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin LoggingMixin logging;

  @Option(
      names = {"-C", "--project-dir"},
      paramLabel = "DIR",
      defaultValue = ".",
      showDefaultValue = picocli.CommandLine.Help.Visibility.ALWAYS,
      description = "Project directory holding .ml-metaopt/.")
  Path projectDir;

  @Option(
      names = "--max-steps",
      paramLabel = "N",
      description = "Stop after N agent steps (exit 5 if not terminal).")
  Integer maxSteps;

  @Override
  public Integer call() {
    logging.apply();
    if (maxSteps != null && maxSteps < 1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--max-steps must be at least 1, got " + maxSteps);
    }
    SessionOutcome outcome =
        CampaignSession.resume(projectDir, maxSteps == null ? Integer.MAX_VALUE : maxSteps);
    return SessionReport.print(spec.commandLine().getOut(), outcome);
  }
}
