package dev.metaopt.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.protocol.Attempt;
import dev.metaopt.protocol.StateKeys;
import dev.metaopt.state.MachineState;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Where a terminal campaign goes on, if it does, in one place: HYDRATE_STATE applies it and the
 * terminal messages name the command that triggers it. History, baseline, learnings and identity
 * always stay; {@code stopped_in} is cleared.
 *
 * <ul>
 *   <li>FAILED, with {@code resume --retry}: the smoke test of the selected sweep, as a new
 *       attempt (a retried sweep is a new sweep).
 *   <li>BLOCKED_PROTOCOL, with {@code resume --retry}: the earliest step whose inputs the broken
 *       handoff could not have spoilt. Blocking stops the live sweep, so a campaign stopped on
 *       the sweep side (smoke test to analysis) goes back to the smoke test as a new attempt,
 *       like FAILED; one stopped before a sweep was selected goes back to ideation with its pool
 *       kept (new slots, a new selection attempt). One stopped in ROLL_ITERATION is not retried:
 *       its rollover file is named by iteration only, so a retry would read the broken one again.
 *   <li>COMPLETE: the next iteration, once its stop condition no longer holds.
 *   <li>BLOCKED_CONFIG (a budget stop; other BLOCKED_CONFIG ends never write state): once
 *       max_budget_usd is above the spend, the next iteration if it stopped at the rollover, or
 *       the smoke test as a new attempt if it stopped its sweep.
 * </ul>
 */
public final class Reopenings {
  private static final Set<MachineState> BEFORE_SELECTION = Set.of(MachineState.IDEATE,
      MachineState.WAIT_FOR_PROPOSALS, MachineState.SELECT_AND_DESIGN_SWEEP);
  private static final Set<MachineState> SWEEP_SIDE = Set.of(MachineState.LOCAL_SANITY,
      MachineState.LAUNCH_SWEEP, MachineState.WAIT_FOR_SWEEP, MachineState.ANALYZE);

  private Reopenings() {}

  /** Where {@code resume --retry} re-enters a BLOCKED_PROTOCOL campaign stopped in a state. */
  static Optional<MachineState> retryEntry(MachineState stoppedIn) {
    if (BEFORE_SELECTION.contains(stoppedIn)) {
      return Optional.of(MachineState.IDEATE);
    }
    return SWEEP_SIDE.contains(stoppedIn) ? Optional.of(MachineState.LOCAL_SANITY)
        : Optional.empty();
  }

  /** What a BLOCKED_PROTOCOL message ends with: the retry, or how to start over. */
  public static String afterProtocolFix(ProjectLayout layout, MachineState stoppedIn,
      Path campaign) {
    if (retryEntry(stoppedIn).isPresent()) {
      return "fix the worker or agent, then '" + Recipes.retry(layout) + "' (re-enters "
          + retryEntry(stoppedIn).get() + " as a new attempt; history, baseline and learnings"
          + " are kept and preflight need not run again)";
    }
    return "fix the worker or agent; a campaign blocked in " + stoppedIn + " cannot be retried,"
        + " so start over: '" + Recipes.startOver(layout, campaign) + "'";
  }

  /** Applies the reopening of {@code stored} to the working state; empty when it stays. */
  static Optional<MachineState> reopen(AgentContext ctx, MachineState stored) {
    ObjectNode working = ctx.working();
    MachineState stoppedIn = MachineState.parse(working.path(StateKeys.STOPPED_IN).asText())
        .orElse(MachineState.ROLL_ITERATION);
    Optional<MachineState> entry = switch (stored) {
      case FAILED -> ctx.retryRequested() && working.path(StateKeys.SELECTED_SWEEP).isObject()
          ? Optional.of(MachineState.LOCAL_SANITY) : Optional.empty();
      case BLOCKED_PROTOCOL -> ctx.retryRequested() ? retryEntry(stoppedIn) : Optional.empty();
      case COMPLETE -> StopConditions.reason(working, ctx.campaign()) == null
          ? Optional.of(MachineState.IDEATE) : Optional.empty();
      case BLOCKED_CONFIG -> budgetRaised(ctx, stoppedIn);
      default -> Optional.empty();
    };
    entry.ifPresent(to -> enter(ctx, stored, to));
    return entry;
  }

  private static Optional<MachineState> budgetRaised(AgentContext ctx, MachineState stoppedIn) {
    if (stoppedIn == MachineState.ROLL_ITERATION) { // every stop condition, as the rollover does
      return StopConditions.reason(ctx.working(), ctx.campaign()) == null
          ? Optional.of(MachineState.IDEATE) : Optional.empty();
    }
    return Spend.completed(ctx.working()) < ctx.campaign().compute().maxBudgetUsd()
        ? Optional.of(MachineState.LOCAL_SANITY) : Optional.empty();
  }

  private static void enter(AgentContext ctx, MachineState stored, MachineState to) {
    ObjectNode working = ctx.working();
    working.putNull(StateKeys.STOPPED_IN);
    working.putNull(StateKeys.CURRENT_SWEEP);
    if (to == MachineState.IDEATE && (stored == MachineState.COMPLETE
        || stored == MachineState.BLOCKED_CONFIG)) {
      IterationCloseAgent.openNextIteration(ctx, ctx.iteration());
      return;
    }
    ObjectNode cycle = (ObjectNode) working.path(StateKeys.PROPOSAL_CYCLE);
    int retry = ctx.attempt().retry() + 1;
    cycle.put(Attempt.RETRIES, retry);
    if (to == MachineState.IDEATE) {
      // new slots (their ids are campaign-wide) and a new selection attempt; the pool stays
      cycle.put("current_pool_frozen", false);
      cycle.putArray("pending_slots");
      cycle.put("barren_rounds", 0);
      working.putNull(StateKeys.SELECTED_SWEEP);
      working.put(StateKeys.NEXT_ACTION, "maintain background pool (retry " + retry
          + " of iteration " + ctx.iteration() + ")");
    } else {
      working.put(StateKeys.NEXT_ACTION, "smoke-test the selected sweep again (retry " + retry
          + " of iteration " + ctx.iteration() + ")");
    }
  }
}
