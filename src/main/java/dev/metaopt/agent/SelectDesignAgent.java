package dev.metaopt.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.backend.TrialCommandPolicy;
import dev.metaopt.machine.AgentId;
import dev.metaopt.machine.Phase;
import dev.metaopt.protocol.ContractPaths;
import dev.metaopt.protocol.Lane;
import dev.metaopt.protocol.StateKeys;
import dev.metaopt.schema.SchemaKind;
import dev.metaopt.state.MachineState;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * SELECT_AND_DESIGN_SWEEP: freezes the proposal pool and asks the selection worker for the
 * winner (plan), then records the winner and its final sweep config (finalize). A winner outside
 * the frozen pool, or a sweep metric other than the objective, is a broken worker contract.
 */
public final class SelectDesignAgent implements ControlAgent {
  @Override
  public AgentId id() {
    return AgentId.SELECT;
  }

  @Override
  public Phase selectPhase(AgentContext ctx) {
    boolean frozen = ctx.state().path(StateKeys.PROPOSAL_CYCLE).path("current_pool_frozen")
        .asBoolean(false);
    boolean answered = !ctx.readResult(ContractPaths.selectionResult(ctx.attempt()), null)
        .isMissing();
    return frozen && answered ? Phase.FINALIZE_SELECT_DESIGN : Phase.PLAN_SELECT_DESIGN;
  }

  @Override
  public Map<Phase, Function<AgentContext, Handoff>> handlers() {
    return Map.of(Phase.PLAN_SELECT_DESIGN, this::plan, Phase.FINALIZE_SELECT_DESIGN,
        this::finalize);
  }

  private Handoff plan(AgentContext ctx) {
    Handoff handoff = Handoff.create(id(), Phase.PLAN_SELECT_DESIGN);
    ObjectNode working = ctx.working();
    if (working.path(StateKeys.CURRENT_PROPOSALS).isEmpty()) {
      return broken(ctx, handoff, "current_proposals is empty in SELECT_AND_DESIGN_SWEEP (the"
          + " state was edited or corrupted)");
    }
    ((ObjectNode) working.path(StateKeys.PROPOSAL_CYCLE)).put("current_pool_frozen", true);
    ObjectNode task = WorkerTasks.task(ctx, Lane.SELECTION,
        "select-design-" + ctx.attempt().tag(), 0);
    task.set("pool", working.path(StateKeys.CURRENT_PROPOSALS).deepCopy());
    task.set("trials", PastTrials.of(ctx));
    handoff.launchRequest(WorkerTasks.request(Lane.SELECTION,
        ContractPaths.selectionTask(ctx.attempt()), ContractPaths.selectionResult(ctx.attempt()),
        task));
    working.put(StateKeys.NEXT_ACTION, "select the winning proposal and design its sweep");
    handoff.recommend(MachineState.SELECT_AND_DESIGN_SWEEP);
    handoff.summary("pool of " + working.path(StateKeys.CURRENT_PROPOSALS).size()
        + " frozen; selection dispatched");
    return ctx.finish(handoff);
  }

  private Handoff finalize(AgentContext ctx) {
    Handoff handoff = Handoff.create(id(), Phase.FINALIZE_SELECT_DESIGN);
    String file = ContractPaths.selectionResult(ctx.attempt());
    ResultRead read = ctx.readResult(file, SchemaKind.SELECTION_RESULT);
    if (read.isInvalid()) {
      return broken(ctx, handoff, read.problem());
    }
    JsonNode result = read.value();
    String winner = result.path("winning_proposal").path("proposal_id").asText();
    JsonNode proposal = find(ctx.state().path(StateKeys.CURRENT_PROPOSALS), winner);
    if (proposal == null) {
      return broken(ctx, handoff, file + ": winning proposal '" + winner
          + "' is not in the frozen pool");
    }
    TrialCommandPolicy.Review review = TrialCommandPolicy.review(result.path("sweep_config"),
        ctx.campaign().project(), ctx.layout().projectDir());
    review.removed().forEach(removed -> handoff.warning(file + ": " + removed));
    JsonNode config = review.sweepConfig();
    JsonNode objective = ctx.state().path(StateKeys.OBJECTIVE_SNAPSHOT);
    if (!config.path("metric").path("name").asText().equals(objective.path("metric").asText())
        || !config.path("metric").path("goal").asText()
            .equals(objective.path("direction").asText())) {
      return broken(ctx, handoff, file + ": sweep_config.metric " + config.path("metric")
          + " does not match the objective " + objective.path("metric").asText() + " / "
          + objective.path("direction").asText());
    }
    ObjectNode selected = ctx.working().putObject(StateKeys.SELECTED_SWEEP);
    selected.put("proposal_id", winner);
    selected.set("sweep_config", config.deepCopy());
    selected.set("ranking_rationale", result.path("ranking_rationale").deepCopy());
    if (proposal.has("title")) {
      selected.set("title", proposal.get("title").deepCopy());
    }
    ctx.working().put(StateKeys.NEXT_ACTION, "run local sanity check");
    handoff.recommend(MachineState.LOCAL_SANITY);
    handoff.summary("selected " + winner);
    return ctx.finish(handoff);
  }

  private static Handoff broken(AgentContext ctx, Handoff handoff, String problem) {
    return TerminalCleanup.blocked(ctx, handoff, "selection", problem);
  }

  static JsonNode find(JsonNode pool, String proposalId) {
    for (JsonNode proposal : pool) {
      if (proposalId.equals(proposal.path("proposal_id").asText())) {
        return proposal;
      }
    }
    return null;
  }
}
