package dev.metaopt.cli;

import dev.metaopt.ExitCode;
import dev.metaopt.json.Json;
import dev.metaopt.results.CampaignTrials;
import dev.metaopt.results.TrialRow;
import dev.metaopt.results.TrialTables;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code metaopt trials}: every trial of every sweep of the campaign, one row each. */
@Command(
    name = "trials",
    mixinStandardHelpOptions = true,
    description = {
      "List every trial of the campaign: iteration, sweep, run, state, parameters, objective,"
          + " other final metrics, duration and failure reason.",
      "Remote (SkyPilot + W&B) trials are read from the W&B API (WANDB_API_KEY, WANDB_BASE_URL)."
    })
public final class TrialsCommand implements Callable<Integer>, ProjectMixin.User {
  @Spec CommandSpec spec;
  private final ProjectMixin project = new ProjectMixin();

  @ArgGroup(exclusive = true)
  Format format = new Format();

  @Option(names = "--iteration", paramLabel = "N", description = "Only the trials of iteration N.")
  Integer iteration;

  /** Output formats; plain text when neither is given. */
  static final class Format {
    @Option(names = "--csv", description = "CSV with a header row (full precision).")
    boolean csv;

    @Option(names = "--json", description = "One JSON document (full precision).")
    boolean json;
  }

  @Override
  public ProjectMixin project() {
    return project;
  }

  @Override
  public Integer call() {
    if (iteration != null && iteration < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--iteration must be 1 or more (got " + iteration + ")");
    }
    CampaignTrials trials = CampaignTrials.live(project.layout(spec.commandLine()),
        System.getenv());
    List<TrialRow> rows = iteration == null ? trials.rows() : trials.rows(iteration);
    PrintWriter out = spec.commandLine().getOut();
    if (format.csv) {
      out.print(TrialTables.csv(trials, rows));
    } else if (format.json) {
      out.print(Json.pretty(TrialTables.json(trials, rows)));
    } else if (rows.isEmpty()) {
      spec.commandLine().getErr().println(iteration == null ? "no trials recorded yet"
          : "no trials recorded for iteration " + iteration);
    } else {
      out.print(TrialTables.text(trials, rows));
    }
    out.flush();
    return ExitCode.OK.code();
  }
}
