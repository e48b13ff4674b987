package dev.metaopt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.ExitCode;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.json.Json;
import dev.metaopt.report.CampaignStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code metaopt status}: where the campaign stands and what happens next. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show state, iteration, baseline vs best, spend vs budget and the next action.")
public final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin LoggingMixin logging;

  @Option(
      names = {"-C", "--project-dir"},
      paramLabel = "DIR",
      defaultValue = ".",
      description = "Project directory holding .ml-metaopt/ (default: current directory).")
  Path projectDir;

  @Option(names = "--json", description = "Print the status as one JSON document.")
  boolean json;

  @Override
  public Integer call() {
    ObjectNode status = CampaignStatus.of(new ProjectLayout(projectDir));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.print(Json.pretty(status));
    } else {
      printHuman(out, status);
    }
    out.flush();
    return ExitCode.OK.code();
  }

  private static void printHuman(PrintWriter out, ObjectNode s) {
    JsonNode objective = s.path("objective");
    out.printf("campaign   %s%n", s.path("campaign_id").asText());
    out.printf("status     %s (%s)%n", s.path("status").asText(), s.path("machine_state").asText());
    out.printf("iteration  %d (%d completed, %d without improvement)%n",
        s.path("current_iteration").asInt(), s.path("iterations_completed").asInt(),
        s.path("no_improve_iterations").asInt());
    out.printf("objective  %s %s%n", objective.path("direction").asText(),
        objective.path("metric").asText());
    JsonNode best = s.path("best");
    out.printf("best       %s%n", best.isObject()
        ? best.path("value").asText() + " (run " + best.path("run_id").asText("?")
            + ", iteration " + best.path("iteration").asText("?") + ")"
        : "no baseline yet");
    JsonNode spend = s.path("spend");
    out.printf("spend      %.2f USD of %s USD budget%n", spend.path("total_usd").asDouble(),
        spend.path("budget_usd").asText("?"));
    JsonNode sweep = s.path("current_sweep");
    out.printf("sweep      %s%n", sweep.isObject()
        ? sweep.path("sweep_id").asText() + " (" + sweep.path("last_status").asText("?") + ")"
        : "none");
    JsonNode error = s.path("last_error");
    if (error.isObject()) {
      out.printf("last error %s%n",
          error.path("failure").asText(error.path("reason").asText("")));
    }
    out.printf("next       %s%n", s.path("next_action").asText());
  }
}
