package dev.metaopt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.ExitCode;
import dev.metaopt.MetaoptException;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.json.Json;
import dev.metaopt.report.CampaignStatus;
import dev.metaopt.report.Human;
import dev.metaopt.report.SweepProgress;
import dev.metaopt.stats.HumanNumber;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code metaopt status}: where the campaign stands and what happens next. Its model is built in
 * code rather than from annotations: parsing them was most of the command's start-up, and status
 * is meant to be cheap enough for a shell prompt.
 */
public final class StatusCommand implements Callable<Integer>, ProjectMixin.User {
  private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this);
  private final ProjectMixin project = new ProjectMixin();
  private final OptionSpec jsonOption = OptionSpec.builder("--json")
      .type(boolean.class).initialValue(false)
      .description("Print the status as one JSON document (errors too).").build();

  StatusCommand() {
    spec.name("status");
    spec.usageMessage().description(
        "Show state, iteration, baseline vs best, the live sweep's trials, spend and the next"
            + " action;",
        "says when no metaopt process is running the campaign and how to resume it.");
    StandardOptions.addTo(spec);
    spec.addOption(jsonOption);
  }

  /** The command's own model: name, description, help and {@code --json}. */
  CommandSpec spec() {
    return spec;
  }

  @Override
  public ProjectMixin project() {
    return project;
  }

  @Override
  public Integer call() {
    boolean json = jsonOption.getValue();
    PrintWriter out = spec.commandLine().getOut();
    ObjectNode status;
    try {
      status = CampaignStatus.of(project.layout(spec.commandLine()));
    } catch (MetaoptException e) {
      if (!json) {
        throw e;
      }
      // a script reading stdout gets JSON whatever happens
      ObjectNode error = Json.object();
      error.put("error", e.getMessage());
      error.put("exit_code", e.exitCode().code());
      out.print(Json.pretty(error));
      out.flush();
      return e.exitCode().code();
    }
    if (json) {
      out.print(Json.pretty(status));
    } else {
      printHuman(out, status);
    }
    out.flush();
    return ExitCode.OK.code();
  }

  /**
   * The human form. Built with {@code println}, not {@code printf}: a Formatter's first use loads
   * the locale's number symbols (CLDR data), a noticeable part of a command meant for a shell
   * prompt. Amounts print with a dot, as in the reports, whatever the locale.
   */
  private static void printHuman(PrintWriter out, ObjectNode s) {
    ProjectLayout layout = new ProjectLayout(Path.of(s.path("project_dir").asText()));
    out.println("campaign   " + s.path("campaign_id").asText() + " (" + layout.projectDir() + ")");
    out.println("status     " + state(s));
    if (s.path("interrupted").asBoolean()) {
      out.println("resume     interrupted: run `" + s.path("resume_command").asText() + "`");
    }
    int max = s.path("stop_conditions").path("max_iterations").asInt(0);
    out.println("iteration  " + s.path("current_iteration").asInt() + (max > 0 ? " of " + max : "")
        + " (" + s.path("iterations_completed").asInt() + " completed, "
        + s.path("no_improve_iterations").asInt() + " without improvement)");
    JsonNode objective = s.path("objective");
    out.println("objective  " + objective.path("direction").asText() + " "
        + objective.path("metric").asText());
    JsonNode best = s.path("best");
    JsonNode progress = s.path("sweep_progress");
    out.println("best       " + (best.isObject()
        ? HumanNumber.format(best.path("value").asDouble()) + " (run "
            + best.path("run_id").asText("?") + ", iteration " + best.path("iteration").asText("?")
            + ")"
        : progress.path("best_metric_value").isNumber()
            ? "no baseline yet; this sweep's best so far "
                + HumanNumber.format(progress.path("best_metric_value").asDouble())
            : "no baseline yet"));
    if (progress.isObject()) {
      out.println("sweep      " + progress.path("sweep_id").asText() + ": "
          + SweepProgress.describe(progress));
    }
    JsonNode spend = s.path("spend");
    out.println("spend      " + HumanNumber.cents(spend.path("total_usd").asDouble()) + " USD"
        + (spend.path("budget_usd").isNumber()
            ? " of " + HumanNumber.format(spend.path("budget_usd").asDouble()) + " USD budget"
            : " (no budget set)"));
    JsonNode error = s.path("last_error");
    if (error.isObject()) {
      out.println("last error "
          + error.path("failure").asText(error.path("reason").asText("")));
    }
    if (s.path("final_report").isTextual()) {
      out.println("report     " + s.path("final_report").asText());
    }
    out.println("next       " + Human.absolutePaths(s.path("next_action").asText(), layout));
  }

  /** {@code RUNNING (WAIT_FOR_SWEEP), metaopt pid 123 at work}; {@code COMPLETE} once. */
  private static String state(ObjectNode s) {
    String status = s.path("status").asText();
    String machine = s.path("machine_state").asText();
    String text = status.equals(machine) ? status : status + " (" + machine + ")";
    JsonNode session = s.path("session");
    if (session.path("active").asBoolean()) {
      return text + ", metaopt pid " + session.path("pid").asText() + " at work";
    }
    return s.path("interrupted").asBoolean()
        ? text + ", but no metaopt process is running it" : text;
  }
}
