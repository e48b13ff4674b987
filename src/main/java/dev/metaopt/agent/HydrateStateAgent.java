package dev.metaopt.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;
import dev.metaopt.machine.AgentId;
import dev.metaopt.machine.Phase;
import dev.metaopt.protocol.StateKeys;
import dev.metaopt.state.MachineState;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * HYDRATE_STATE: creates the campaign state or resumes the stored one. A stored state of another
 * campaign is never touched (BLOCKED_CONFIG); a terminal one only gets its hook removed; a live
 * sweep is reconnected to only from LAUNCH_SWEEP or WAIT_FOR_SWEEP (upstream D-6 also did so from
 * ANALYZE and ROLL_ITERATION and recorded the iteration twice).
 */
public final class HydrateStateAgent implements ControlAgent {
  private static final Set<MachineState> SWEEP_STATES =
      Set.of(MachineState.LAUNCH_SWEEP, MachineState.WAIT_FOR_SWEEP);

  @Override
  public AgentId id() {
    return AgentId.HYDRATE;
  }

  @Override
  public Phase selectPhase(AgentContext ctx) {
    return Phase.HYDRATE;
  }

  @Override
  public Map<Phase, Function<AgentContext, Handoff>> handlers() {
    return Map.of(Phase.HYDRATE, this::hydrate);
  }

  private Handoff hydrate(AgentContext ctx) {
    Handoff handoff = Handoff.create(id(), Phase.HYDRATE);
    ObjectNode load = ctx.loadHandoff();
    handoff.put("campaign_id", load.path("campaign_id").deepCopy());
    handoff.put("campaign_identity_hash", load.path("campaign_identity_hash").deepCopy());
    if (!ctx.hasState()) {
      return fresh(ctx, handoff);
    }
    ObjectNode state = ctx.state();
    if (!load.path("campaign_identity_hash").equals(state.path(StateKeys.IDENTITY_HASH))) {
      return mismatch(handoff);
    }
    handoff.put("resume_mode", "existing");
    MachineState stored = MachineState.parse(state.path(StateKeys.MACHINE_STATE).asText())
        .orElseThrow();
    if (stored.isTerminal()) {
      Optional<MachineState> reopened = Reopenings.reopen(ctx, stored);
      if (reopened.isPresent()) {
        handoff.directive(ensureHook());
        handoff.recommend(reopened.get());
        handoff.summary(stored + " campaign reopened in " + reopened.get() + " at iteration "
            + ctx.working().path(StateKeys.CURRENT_ITERATION).asInt() + " (" + (ctx.retryRequested()
            ? "resume --retry" : "what stopped it no longer holds")
            + "); history, baseline and learnings kept");
        return ctx.finish(handoff);
      }
      handoff.directive(removeHook("the stored campaign is terminal (" + stored + ")"));
      handoff.summary("existing state is terminal (" + stored + "); hook removal directive"
          + " emitted");
      return handoff; // no patch, no transition: the campaign stays as it ended
    }
    if (!state.hasNonNull(StateKeys.CAMPAIGN_STARTED_AT)) {
      ctx.working().put(StateKeys.CAMPAIGN_STARTED_AT, ctx.timestamp());
    }
    handoff.directive(ensureHook());
    JsonNode sweep = state.path(StateKeys.CURRENT_SWEEP);
    if (SWEEP_STATES.contains(stored) && sweep.path("sweep_id").isTextual()) {
      handoff.recommend(MachineState.WAIT_FOR_SWEEP);
      ctx.working().put(StateKeys.NEXT_ACTION, "poll sweep " + sweep.path("sweep_id").asText()
          + " (reconnecting after an interruption)");
      handoff.summary("existing orchestrator state resumed — reconnecting to active sweep "
          + sweep.path("sweep_id").asText());
    } else {
      handoff.recommend(stored);
      handoff.summary("existing orchestrator state resumed in " + stored);
    }
    return ctx.finish(handoff);
  }

  private Handoff fresh(AgentContext ctx, Handoff handoff) {
    ObjectNode load = ctx.loadHandoff();
    ObjectNode state = Json.object();
    state.put(StateKeys.VERSION, StateKeys.SCHEMA_VERSION);
    state.set(StateKeys.CAMPAIGN_ID, load.path("campaign_id").deepCopy());
    state.set(StateKeys.IDENTITY_HASH, load.path("campaign_identity_hash").deepCopy());
    state.put(StateKeys.CURRENT_ITERATION, 1);
    state.put(StateKeys.NEXT_ACTION, "maintain background pool");
    state.set(StateKeys.OBJECTIVE_SNAPSHOT, load.path("objective_snapshot").deepCopy());
    ObjectNode cycle = state.putObject(StateKeys.PROPOSAL_CYCLE);
    cycle.put("cycle_id", "iter-1-cycle-1");
    cycle.put("current_pool_frozen", false);
    state.putArray(StateKeys.CURRENT_PROPOSALS);
    state.putArray(StateKeys.NEXT_PROPOSALS);
    state.putNull(StateKeys.SELECTED_SWEEP);
    state.putNull(StateKeys.CURRENT_SWEEP);
    state.putNull(StateKeys.BASELINE);
    state.putArray(StateKeys.COMPLETED_ITERATIONS);
    state.putArray(StateKeys.KEY_LEARNINGS);
    state.put(StateKeys.NO_IMPROVE_ITERATIONS, 0);
    state.put(StateKeys.CAMPAIGN_STARTED_AT, ctx.timestamp());
    ctx.replaceWorking(state);
    handoff.put("resume_mode", "fresh");
    handoff.directive(ensureHook());
    handoff.recommend(MachineState.IDEATE);
    handoff.summary("fresh orchestrator state initialized");
    return ctx.finish(handoff);
  }

  private static Handoff mismatch(Handoff handoff) {
    handoff.put("resume_mode", "none");
    handoff.put("state_preserved", Json.nodes().booleanNode(true));
    handoff.put("recovery_action", "the campaign file now describes another campaign (name,"
        + " metric, direction or W&B project changed); archive .ml-metaopt/ to start it, or"
        + " restore the original campaign file to resume");
    handoff.directive(removeHook("identity mismatch: the stored state belongs to another"
        + " campaign"));
    handoff.recommend(MachineState.BLOCKED_CONFIG);
    handoff.summary("state identity mismatch detected; preserved stale state and blocked resume");
    return handoff;
  }

  private static ObjectNode ensureHook() {
    ObjectNode hook = Directives.of("ensure_agents_hook",
        "a running campaign keeps the AGENTS.md resume hook so a host re-enters it");
    hook.put("agents_path", "AGENTS.md");
    return hook;
  }

  private static ObjectNode removeHook(String reason) {
    ObjectNode hook = Directives.of("remove_agents_hook", reason);
    hook.put("agents_path", "AGENTS.md");
    return hook;
  }
}
