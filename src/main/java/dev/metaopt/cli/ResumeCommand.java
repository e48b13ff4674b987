package dev.metaopt.cli;

import dev.metaopt.orchestrator.CampaignSession;
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
public final class ResumeCommand implements Callable<Integer>, ProjectMixin.User {
  @Spec CommandSpec spec;
  private final ProjectMixin project = new ProjectMixin();

  @Option(
      names = "--retry",
      description = "Re-enter a FAILED or BLOCKED_PROTOCOL campaign after fixing the cause"
          + " (the smoke test, then a new sweep; ideation if it broke before a sweep was"
          + " selected); history, baseline and learnings are kept.")
  boolean retry;

  @Mixin MaxStepsMixin maxSteps;

  @Override
  public ProjectMixin project() {
    return project;
  }

  @Override
  public Integer call() {
    int steps = maxSteps.steps(spec.commandLine());
    Path projectDir = project.layout(spec.commandLine()).projectDir();
    return Sessions.run(spec.commandLine().getOut(), projectDir,
        (stop, statusLine) -> CampaignSession.resume(projectDir, steps, retry, stop,
            statusLine));
  }
}
