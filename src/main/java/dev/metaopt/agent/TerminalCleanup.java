package dev.metaopt.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;
import dev.metaopt.protocol.Attempt;
import dev.metaopt.protocol.ContractPaths;
import dev.metaopt.protocol.StateKeys;
import dev.metaopt.state.MachineState;

/**
 * What every terminal transition does (upstream D-11 left sweeps running): stop a live sweep,
 * clear {@code current_sweep}, remove the AGENTS.md resume hook, and for COMPLETE and
 * BLOCKED_CONFIG ask for the final report.
 */
public final class TerminalCleanup {
  private TerminalCleanup() {}

  /** Recommends {@code terminal} and adds its cleanup to the handoff and the working state. */
  public static void apply(AgentContext ctx, Handoff handoff, MachineState terminal,
      String reason) {
    ObjectNode working = ctx.working();
    JsonNode sweep = working.path("current_sweep");
    if (sweep.isObject() && sweep.path("sweep_id").isTextual()) {
      handoff.directive(stopSweep(Attempt.ofSweep(working), sweep, reason));
    }
    working.putNull("current_sweep");
    ObjectNode remove = Directives.of("remove_agents_hook",
        "campaign reached " + terminal + "; the resume hook must go");
    remove.put("agents_path", "AGENTS.md");
    handoff.directive(remove);
    if (terminal == MachineState.COMPLETE || terminal == MachineState.BLOCKED_CONFIG) {
      ObjectNode report = Directives.of("emit_final_report", reason);
      report.put("report_type", "final");
      handoff.directive(report);
    }
    handoff.recommend(terminal);
  }

  /**
   * Ends the campaign in BLOCKED_PROTOCOL because a result {@code lane} (e.g. "selection")
   * produced breaks the contract: the one shape every agent uses for it.
   */
  public static Handoff blocked(AgentContext ctx, Handoff handoff, String lane, String problem) {
    ctx.working().put(StateKeys.NEXT_ACTION, lane + " cannot continue: " + problem
        + "; " + Reopenings.afterProtocolFix(ctx.layout(), ctx.machineState(),
            Recipes.campaignFile(ctx)));
    apply(ctx, handoff, MachineState.BLOCKED_PROTOCOL, lane + " result invalid");
    handoff.summary(lane + " result rejected: " + problem);
    return ctx.finish(handoff);
  }

  /** The {@code stop_sweep} directive for a live sweep (the one place it is built). */
  public static ObjectNode stopSweep(Attempt attempt, JsonNode sweep, String reason) {
    ObjectNode stop = Directives.of("stop_sweep", reason);
    stop.put("sweep_id", sweep.path("sweep_id").asText());
    stop.set("sky_job_ids", sweep.path("sky_job_ids").isArray()
        ? sweep.path("sky_job_ids").deepCopy() : Json.mapper().createArrayNode());
    stop.put("iteration", attempt.iteration());
    stop.put("result_file", ContractPaths.stopResult(attempt));
    return stop;
  }
}
