package dev.metaopt.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;
import dev.metaopt.machine.AgentId;
import dev.metaopt.machine.Phase;
import dev.metaopt.protocol.Attempt;
import dev.metaopt.protocol.ContractPaths;
import dev.metaopt.protocol.StateKeys;
import dev.metaopt.state.MachineState;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * ROLL_ITERATION: computes which proposals carry into the next iteration (plan), then checks the
 * stop conditions and either opens iteration N+1 or ends the campaign (gate). Carried proposals
 * stay whole objects with their ids (upstream D-9 turned some into bare strings).
 */
public final class IterationCloseAgent implements ControlAgent {
  @Override
  public AgentId id() {
    return AgentId.CLOSE;
  }

  @Override
  public Phase selectPhase(AgentContext ctx) {
    // A rollover file that is missing, unreadable or without its list is simply recomputed.
    ResultRead rollover = ctx.readResult(ContractPaths.rollover(ctx.iteration()), null);
    return rollover.isPresent() && rollover.value().path("merged_proposals").isArray()
        ? Phase.GATE_ROLL_ITERATION : Phase.PLAN_ROLL_ITERATION;
  }

  @Override
  public Map<Phase, Function<AgentContext, Handoff>> handlers() {
    return Map.of(Phase.PLAN_ROLL_ITERATION, this::plan, Phase.GATE_ROLL_ITERATION, this::gate);
  }

  private Handoff plan(AgentContext ctx) {
    Handoff handoff = Handoff.create(id(), Phase.PLAN_ROLL_ITERATION);
    int n = ctx.iteration();
    Set<String> used = new HashSet<>();
    ctx.state().path(StateKeys.COMPLETED_ITERATIONS)
        .forEach(r -> used.add(r.path("proposal_id").asText()));
    used.add(ctx.state().path(StateKeys.SELECTED_SWEEP).path("proposal_id").asText());
    ArrayNode carried = Json.mapper().createArrayNode();
    ArrayNode dropped = Json.mapper().createArrayNode();
    for (String pool : new String[] {StateKeys.CURRENT_PROPOSALS, StateKeys.NEXT_PROPOSALS}) {
      for (JsonNode proposal : ctx.state().path(pool)) {
        String id = proposal.path("proposal_id").asText();
        if (used.contains(id)) {
          dropped.add(id);
        } else {
          carried.add(proposal.deepCopy());
        }
      }
    }
    int target = ctx.campaign().proposalPolicy().currentTarget();
    ObjectNode rollover = Json.object();
    rollover.set("merged_proposals", carried);
    rollover.set("filtered_proposals", dropped);
    rollover.put("needs_fresh_ideation", carried.size() < target);
    rollover.put("summary", "Iteration " + n + " rollover: " + carried.size()
        + " carried forward, " + dropped.size() + " filtered. Needs fresh ideation: "
        + (carried.size() < target) + ".");
    handoff.artifact(ContractPaths.rollover(n), rollover);
    handoff.textArtifact(ContractPaths.rolloverNote(n), "# Rollover Audit: iteration " + n
        + "\n\nRollover was computed by metaopt-iteration-close-control.\nResult written to: `"
        + ContractPaths.rollover(n) + "`\n");
    ctx.working().put(StateKeys.NEXT_ACTION, "gate iteration rollover");
    handoff.recommend(MachineState.ROLL_ITERATION);
    handoff.summary("rollover computed; gate is ready");
    return ctx.finish(handoff);
  }

  private Handoff gate(AgentContext ctx) {
    Handoff handoff = Handoff.create(id(), Phase.GATE_ROLL_ITERATION);
    int n = ctx.iteration();
    ObjectNode working = ctx.working();
    JsonNode rollover = ctx.readResult(ContractPaths.rollover(n), null).value();
    working.set(StateKeys.CURRENT_PROPOSALS, rollover.path("merged_proposals").deepCopy());
    working.putArray(StateKeys.NEXT_PROPOSALS);
    working.putNull(StateKeys.SELECTED_SWEEP);
    working.putNull(StateKeys.CURRENT_SWEEP); // the iteration's sweep has ended: nothing to stop
    List<String> holding = StopConditions.holding(working, ctx.campaign());
    String stop = holding.isEmpty() ? null : holding.get(0);
    ObjectNode report = Directives.of("emit_iteration_report",
        "iteration rollover complete; publish iteration report");
    report.put("report_type", "iteration");
    report.put("iteration", n);
    handoff.directive(report);
    handoff.put("stop_reason", stop == null ? "" : stop);
    handoff.put("continue_campaign", Json.nodes().booleanNode(stop == null));
    if (stop == null) {
      openNextIteration(ctx, n);
      handoff.recommend(MachineState.IDEATE);
      handoff.summary("iteration " + n + " closed; iteration " + (n + 1) + " begins");
    } else {
      recordStop(working, n, stop);
      MachineState end = stop.equals(StopConditions.BUDGET) ? MachineState.BLOCKED_CONFIG
          : MachineState.COMPLETE;
      working.put(StateKeys.NEXT_ACTION, end == MachineState.COMPLETE
          ? "campaign complete (" + stop + "); " + Recipes.afterComplete(ctx, holding)
          : budgetMessage(ctx));
      TerminalCleanup.apply(ctx, handoff, end, "campaign stopped: " + stop);
      handoff.summary("campaign stopped: " + stop);
    }
    handoff.put("iteration_report", "=== Iteration " + n + " Report ===\nMetric: "
        + working.path(StateKeys.OBJECTIVE_SNAPSHOT).path("metric").asText()
        + "\nBaseline value: " + working.path(StateKeys.BASELINE).path("value").asText("None")
        + "\nNo-improve iterations: " + working.path(StateKeys.NO_IMPROVE_ITERATIONS).asInt()
        + "\nNext action: " + working.path(StateKeys.NEXT_ACTION).asText());
    return ctx.finish(handoff);
  }

  /** Opens iteration {@code n + 1} in the working state (also when a COMPLETE one reopens). */
  static void openNextIteration(AgentContext ctx, int n) {
    ObjectNode working = ctx.working();
    working.put(StateKeys.CURRENT_ITERATION, n + 1);
    ObjectNode cycle = (ObjectNode) working.path(StateKeys.PROPOSAL_CYCLE);
    cycle.put("cycle_id", "iter-" + (n + 1) + "-cycle-1");
    cycle.put("current_pool_frozen", false);
    cycle.putArray("pending_slots");
    cycle.put("barren_rounds", 0);
    if (cycle.has(Attempt.RETRIES)) {
      cycle.put(Attempt.RETRIES, 0); // a new iteration starts at its first attempt
    }
    working.put(StateKeys.NEXT_ACTION, "maintain background pool");
  }

  private static void recordStop(ObjectNode working, int n, String stop) {
    for (JsonNode record : working.path(StateKeys.COMPLETED_ITERATIONS)) {
      if (record.path("iteration").asInt() == n) {
        ((ObjectNode) record).put("stop_reason", stop);
      }
    }
  }

  private static String budgetMessage(AgentContext ctx) {
    return Recipes.budgetExceeded(ctx, Spend.completed(ctx.working()),
        ctx.campaign().compute().maxBudgetUsd(), "");
  }
}
