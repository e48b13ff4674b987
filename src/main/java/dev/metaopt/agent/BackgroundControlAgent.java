package dev.metaopt.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.CanonicalJson;
import dev.metaopt.machine.AgentId;
import dev.metaopt.machine.Phase;
import dev.metaopt.protocol.ContractPaths;
import dev.metaopt.protocol.Lane;
import dev.metaopt.protocol.StateKeys;
import dev.metaopt.state.MachineState;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * IDEATE and WAIT_FOR_PROPOSALS: keeps the proposal pool filled. The plan phase dispatches one
 * ideation slot per missing proposal; the gate ingests the slots' results into proposals.
 *
 * <p>Slot ids ({@code bg-<n>}) and proposal ids ({@code <campaign>-p<n>}) come from counters kept
 * in {@code proposal_cycle} and never reset, so no id or result file is ever reused (upstream
 * D-2, D-3, D-4). The gate reads only the slots it dispatched, never a directory scan.
 */
public final class BackgroundControlAgent implements ControlAgent {
  /** Gates in a row that added no proposal before the campaign is declared stuck. */
  static final int MAX_BARREN_ROUNDS = 3;

  @Override
  public AgentId id() {
    return AgentId.BACKGROUND;
  }

  @Override
  public Phase selectPhase(AgentContext ctx) {
    return ctx.machineState() == MachineState.IDEATE
        ? Phase.PLAN_BACKGROUND_WORK : Phase.GATE_BACKGROUND_WORK;
  }

  @Override
  public Map<Phase, Function<AgentContext, Handoff>> handlers() {
    return Map.of(Phase.PLAN_BACKGROUND_WORK, this::plan, Phase.GATE_BACKGROUND_WORK, this::gate);
  }

  private Handoff plan(AgentContext ctx) {
    Handoff handoff = Handoff.create(id(), Phase.PLAN_BACKGROUND_WORK);
    ObjectNode working = ctx.working();
    dropProposalsForAnEarlierSpace(ctx, handoff);
    int target = target(ctx);
    int pool = working.path(StateKeys.CURRENT_PROPOSALS).size();
    if (pool >= target) {
      working.put(StateKeys.NEXT_ACTION, "select experiment");
      handoff.put("pool_status", "ready");
      handoff.recommend(MachineState.SELECT_AND_DESIGN_SWEEP);
      handoff.summary("proposal pool already satisfies selection gate (" + pool + "/" + target
          + ")");
      return ctx.finish(handoff);
    }
    ObjectNode cycle = cycle(ctx);
    cycle.put("current_pool_frozen", false);
    ArrayNode pending = cycle.putArray("pending_slots");
    int slotSeq = cycle.path("slot_seq").asInt(0);
    ArrayNode trials = PastTrials.of(ctx);
    for (int i = 0; i < target - pool; i++) {
      slotSeq++;
      String slot = "bg-" + slotSeq;
      pending.add(slot);
      ObjectNode task = WorkerTasks.task(ctx, Lane.IDEATION, slot, slotSeq);
      task.put("slot_id", slot);
      task.set("current_pool", working.path(StateKeys.CURRENT_PROPOSALS).deepCopy());
      task.set("trials", trials);
      handoff.launchRequest(WorkerTasks.request(Lane.IDEATION,
          ContractPaths.ideationTask(slot), ContractPaths.ideationResult(slot), task));
    }
    cycle.put("slot_seq", slotSeq);
    working.put(StateKeys.NEXT_ACTION, "execute planned background work");
    handoff.put("pool_status", "building");
    handoff.recommend(MachineState.WAIT_FOR_PROPOSALS);
    handoff.summary((target - pool) + " ideation slot(s) planned; pool " + pool + "/" + target);
    return ctx.finish(handoff);
  }

  private Handoff gate(AgentContext ctx) {
    Handoff handoff = Handoff.create(id(), Phase.GATE_BACKGROUND_WORK);
    ObjectNode working = ctx.working();
    ObjectNode cycle = cycle(ctx);
    boolean frozen = cycle.path("current_pool_frozen").asBoolean(false);
    ArrayNode destination = (ArrayNode) working.path(
        frozen ? StateKeys.NEXT_PROPOSALS : StateKeys.CURRENT_PROPOSALS);
    ProposalIntake intake = new ProposalIntake(ctx, handoff, cycle, knownConfigs(ctx));
    ArrayNode processed = handoff.json().putArray("processed_results");
    for (JsonNode slot : cycle.path("pending_slots")) {
      processed.add(slot.asText());
      intake.ingest(slot.asText(), destination);
    }
    cycle.putArray("pending_slots");
    int barren = intake.added() == 0 ? cycle.path("barren_rounds").asInt(0) + 1 : 0;
    cycle.put("barren_rounds", barren);
    int target = target(ctx);
    int pool = working.path(StateKeys.CURRENT_PROPOSALS).size();
    handoff.json().put("current_proposal_count", pool);
    handoff.json().put("next_proposal_count", working.path(StateKeys.NEXT_PROPOSALS).size());
    if (pool >= target) {
      working.put(StateKeys.NEXT_ACTION, "select experiment");
      handoff.put("pool_status", "ready");
      handoff.recommend(MachineState.SELECT_AND_DESIGN_SWEEP);
      handoff.summary("proposal pool satisfies selection gate (" + pool + "/" + target + ")");
    } else if (barren >= MAX_BARREN_ROUNDS) {
      working.put(StateKeys.NEXT_ACTION, "ideation produced no valid proposal in "
          + MAX_BARREN_ROUNDS + " rounds (see the warnings in "
          + ctx.layout().projectDir().toAbsolutePath().normalize()
          .resolve(".ml-metaopt/handoffs/metaopt-background-control-WAIT_FOR_PROPOSALS.json")
          + "); " + Reopenings.afterProtocolFix(ctx.layout(), MachineState.WAIT_FOR_PROPOSALS,
              Recipes.campaignFile(ctx)).replace("worker or agent", "ideation worker"));
      TerminalCleanup.apply(ctx, handoff, MachineState.BLOCKED_PROTOCOL, "ideation is stuck");
      handoff.summary("ideation produced no valid proposal for " + barren + " rounds");
    } else {
      working.put(StateKeys.NEXT_ACTION, "plan more background work");
      handoff.put("pool_status", "building");
      handoff.recommend(MachineState.IDEATE);
      handoff.summary("proposal pool still below threshold (" + pool + "/" + target + ")");
    }
    return ctx.finish(handoff);
  }

  /**
   * Drops the pooled proposals written for another {@code search_space} than the campaign's now:
   * the user edited it between runs, and a sweep over the space they replaced (a parameter's old
   * type, a range they cut) is not what they asked for. Ideation then refills the pool from the
   * new space. A proposal without the digest (pooled before it was recorded) is kept.
   */
  private static void dropProposalsForAnEarlierSpace(AgentContext ctx, Handoff handoff) {
    String space = ProposalIntake.spaceDigest(ctx);
    Iterator<JsonNode> pool = ctx.working().path(StateKeys.CURRENT_PROPOSALS).elements();
    while (pool.hasNext()) {
      JsonNode proposal = pool.next();
      JsonNode written = proposal.path(ProposalIntake.SPACE_DIGEST);
      if (written.isTextual() && !written.asText().equals(space)) {
        pool.remove();
        handoff.warning(proposal.path("proposal_id").asText() + " dropped from the pool: it was"
            + " written for an earlier search_space; ideation proposes from the current one");
      }
    }
  }

  /** Canonical sweep configs already pooled or run: a new proposal must differ from all. */
  private static Set<String> knownConfigs(AgentContext ctx) {
    Set<String> known = new HashSet<>();
    ObjectNode working = ctx.working();
    for (String pool : new String[] {StateKeys.CURRENT_PROPOSALS, StateKeys.NEXT_PROPOSALS}) {
      working.path(pool).forEach(p -> known.add(CanonicalJson.write(p.path("sweep_config"))));
    }
    working.path(StateKeys.COMPLETED_ITERATIONS)
        .forEach(r -> known.add(CanonicalJson.write(r.path("sweep_config"))));
    return known;
  }

  private static ObjectNode cycle(AgentContext ctx) {
    JsonNode cycle = ctx.working().path(StateKeys.PROPOSAL_CYCLE);
    if (!cycle.isObject()) {
      ObjectNode fresh = ctx.working().putObject(StateKeys.PROPOSAL_CYCLE);
      fresh.put("cycle_id", "iter-" + ctx.iteration() + "-cycle-1");
      fresh.put("current_pool_frozen", false);
      return fresh;
    }
    return (ObjectNode) cycle;
  }

  private static int target(AgentContext ctx) {
    return ctx.campaign().proposalPolicy().currentTarget();
  }
}
