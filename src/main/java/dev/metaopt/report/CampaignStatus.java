package dev.metaopt.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.ExitCode;
import dev.metaopt.MetaoptException;
import dev.metaopt.campaign.Campaign;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.json.Json;
import dev.metaopt.state.Ledger;
import dev.metaopt.state.MachineState;
import dev.metaopt.state.ProjectLock;
import dev.metaopt.state.StateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Where a campaign stands, computed only from files (state, the load handoff, the ledger), so it
 * is safe to ask while a run is writing: every file it reads is replaced atomically.
 */
public final class CampaignStatus {
  private CampaignStatus() {}

  /** The status document printed by {@code metaopt status --json}, as of now. */
  public static ObjectNode of(ProjectLayout layout) {
    return of(layout, Instant.now());
  }

  /** The status document as of {@code now} (elapsed time and estimates depend on it). */
  public static ObjectNode of(ProjectLayout layout, Instant now) {
    ObjectNode state =
        new StateStore(layout)
            .readForDisplay()
            .orElseThrow(
                () -> new MetaoptException(ExitCode.INVALID_INPUT,
                    "no campaign state in " + layout.metaoptDir() + "; name the campaign"
                        + " ('metaopt status path/to/campaign.yaml' or -C DIR), or start one"
                        + " with 'metaopt run <campaign.yaml>'"));
    JsonNode load = loadHandoff(layout);
    ObjectNode status = Json.object();
    status.put("project_dir", layout.projectDir().toString());
    status.put("campaign_id", state.path("campaign_id").asText());
    status.put("status", state.path("status").asText());
    status.put("machine_state", state.path("machine_state").asText());
    status.put("current_iteration", state.path("current_iteration").asInt());
    status.put("iterations_completed", state.path("completed_iterations").size());
    status.set("objective", state.path("objective_snapshot").deepCopy());
    status.set("baseline", state.path("baseline").deepCopy());
    status.set("best", best(state));
    ObjectNode spend = status.putObject("spend");
    double total = Reports.totalSpend(state);
    JsonNode sweep = state.path("current_sweep");
    double live = sweep.path("cumulative_spend_usd").asDouble(0.0);
    spend.put("completed_iterations_usd", total);
    spend.put("current_sweep_usd", live);
    spend.put("total_usd", total + live);
    Campaign.Compute compute = Campaign.Compute.from(load.path("compute"));
    if (compute.hasBudget()) {
      spend.put("budget_usd", compute.maxBudgetUsd());
    } else {
      spend.putNull("budget_usd");
    }
    status.set("current_sweep", sweep.deepCopy());
    status.put("no_improve_iterations", state.path("no_improve_iterations").asInt());
    status.set("stop_conditions", load.path("stop_conditions").deepCopy());
    status.put("next_action", state.path("next_action").asText(""));
    status.set("last_error", lastError(layout));
    status.set("sweep_progress", SweepProgress.of(layout, state, now)
        .<JsonNode>map(SweepProgress::toJson).orElse(Json.nodes().nullNode()));
    putSession(status, layout, state);
    status.put("final_report", Files.exists(layout.finalReport())
        ? layout.finalReport().toString() : null);
    return status;
  }

  /**
   * Whether a metaopt process is working on the campaign now, and, when none is although the
   * campaign has not ended (Ctrl-C, kill, crash, reboot), the command that continues it.
   */
  private static void putSession(ObjectNode status, ProjectLayout layout, ObjectNode state) {
    ProjectLock.Holder holder = ProjectLock.holder(layout);
    boolean terminal = MachineState.parse(state.path("machine_state").asText())
        .map(MachineState::isTerminal).orElse(false);
    ObjectNode session = status.putObject("session");
    session.put("active", holder.alive());
    if (holder.alive()) {
      session.put("pid", holder.pid());
    } else {
      session.putNull("pid");
    }
    boolean interrupted = !terminal && !holder.alive();
    status.put("interrupted", interrupted);
    status.put("resume_command", interrupted ? Human.resumeCommand(layout.projectDir()) : null);
  }

  private static JsonNode best(ObjectNode state) {
    JsonNode baseline = state.path("baseline");
    if (baseline.isObject()) {
      ObjectNode best = Json.object();
      best.set("value", baseline.path("value").deepCopy());
      best.set("run_id", baseline.path("wandb_run_id").deepCopy());
      best.set("iteration", baseline.path("iteration").deepCopy());
      best.set("config", baseline.path("config").deepCopy());
      return best;
    }
    return Json.nodes().nullNode();
  }

  private static JsonNode lastError(ProjectLayout layout) {
    // a line that names neither event cannot be one: most of the ledger is not parsed
    List<ObjectNode> events = Ledger.read(layout.ledgerFile(),
        line -> line.contains("protocol_violation") || line.contains("dispatch"));
    for (int i = events.size() - 1; i >= 0; i--) {
      ObjectNode event = events.get(i);
      String type = event.path("event").asText();
      if (type.equals("protocol_violation")
          || (type.equals("dispatch") && !event.path("succeeded").asBoolean(true))) {
        return event;
      }
    }
    return Json.nodes().nullNode();
  }

  private static JsonNode loadHandoff(ProjectLayout layout) {
    Path file = layout.handoffsDir().resolve("metaopt-load-campaign-LOAD_CAMPAIGN.json");
    try {
      return Files.exists(file) ? Json.parse(Files.readString(file)) : Json.object();
    } catch (IOException e) {
      return Json.object();
    }
  }
}
