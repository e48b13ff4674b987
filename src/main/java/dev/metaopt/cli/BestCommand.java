package dev.metaopt.cli;

import dev.metaopt.ExitCode;
import dev.metaopt.MetaoptException;
import dev.metaopt.backend.TrialRecord;
import dev.metaopt.json.Json;
import dev.metaopt.results.BestRun;
import dev.metaopt.results.CampaignTrials;
import dev.metaopt.results.TrialTables;
import dev.metaopt.stats.HumanNumber;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code metaopt best}: the best trial, its configuration and how to run it again. */
@Command(
    name = "best",
    mixinStandardHelpOptions = true,
    description = {
      "Show the best trial of the campaign: its value, configuration, other metrics, and the"
          + " exact command (with environment) that reruns it; the W&B run URL on SkyPilot."
    })
public final class BestCommand implements Callable<Integer>, ProjectMixin.User {
  @Spec CommandSpec spec;
  private final ProjectMixin project = new ProjectMixin();

  @Option(names = "--json", description = "Print one JSON document (full precision).")
  boolean json;

  @Override
  public ProjectMixin project() {
    return project;
  }

  @Override
  public Integer call() {
    CampaignTrials trials = CampaignTrials.live(project.layout(spec.commandLine()),
        System.getenv());
    BestRun best = BestRun.of(trials).orElseThrow(() -> new MetaoptException(
        ExitCode.INVALID_INPUT, "no trial of campaign '" + trials.facts().name()
            + "' has finished with a " + trials.facts().metric() + " value yet; see"
            + " 'metaopt trials' for what ran and why"));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.print(Json.pretty(best.json()));
    } else {
      print(out, best);
    }
    out.flush();
    return ExitCode.OK.code();
  }

  private static void print(PrintWriter out, BestRun best) {
    TrialRecord t = best.row().trial();
    out.printf("best %s %s (%s) — iteration %s, run %s%n", best.facts().metric(),
        HumanNumber.format(t.objective()), best.facts().direction(),
        best.row().iteration() == null ? "?" : best.row().iteration(), t.runId());
    int width = t.config().keySet().stream().mapToInt(String::length).max().orElse(0);
    out.println("configuration");
    t.config().forEach((k, v) -> out.printf("  %-" + width + "s  %s%n", k,
        TrialTables.human(v)));
    StringBuilder metrics = new StringBuilder();
    t.metrics().forEach((k, v) -> {
      if (!k.equals(best.facts().metric())) {
        metrics.append(metrics.length() == 0 ? "" : ", ").append(k).append(' ')
            .append(HumanNumber.format(v));
      }
    });
    if (metrics.length() > 0) {
      out.println("other metrics  " + metrics);
    }
    if (t.url() != null) {
      out.println("run            " + t.url());
    }
    best.shellLine().ifPresentOrElse(
        line -> out.printf("reproduce (exact values, full precision):%n  %s%n", line),
        () -> out.println("reproduce      the sweep configuration of this run is no longer"
            + " recorded; rerun its configuration with your train command"));
  }
}
