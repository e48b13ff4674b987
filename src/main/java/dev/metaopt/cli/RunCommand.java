package dev.metaopt.cli;

import dev.metaopt.orchestrator.CampaignSession;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code metaopt run}: drives a campaign until a terminal state or the step budget. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run a campaign until it reaches a terminal state (or --max-steps).",
      "The project directory is the campaign file's directory; state goes to .ml-metaopt/ there.",
      "An existing campaign with the same identity is resumed, never restarted."
    })
public final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CAMPAIGN", description = "The campaign YAML file.")
  Path campaign;

  @Mixin MaxStepsMixin maxSteps;

  @Override
  public Integer call() {
    int steps = maxSteps.steps(spec.commandLine());
    Path projectDir = campaign.toAbsolutePath().normalize().getParent();
    return Sessions.run(spec.commandLine().getOut(), projectDir,
        (stop, statusLine) -> CampaignSession.run(campaign, steps, stop, statusLine));
  }
}
