package dev.metaopt.protocol;

import java.util.List;

/**
 * The eighteen top-level keys of a v4 state file, all always present, and metaopt's optional
 * additions.
 */
public final class StateKeys {
  public static final String VERSION = "version";
  public static final String CAMPAIGN_ID = "campaign_id";
  public static final String IDENTITY_HASH = "campaign_identity_hash";
  public static final String STATUS = "status";
  public static final String MACHINE_STATE = "machine_state";
  public static final String CURRENT_ITERATION = "current_iteration";
  public static final String NEXT_ACTION = "next_action";
  public static final String OBJECTIVE_SNAPSHOT = "objective_snapshot";
  public static final String PROPOSAL_CYCLE = "proposal_cycle";
  public static final String CURRENT_PROPOSALS = "current_proposals";
  public static final String NEXT_PROPOSALS = "next_proposals";
  public static final String SELECTED_SWEEP = "selected_sweep";
  public static final String CURRENT_SWEEP = "current_sweep";
  public static final String BASELINE = "baseline";
  public static final String COMPLETED_ITERATIONS = "completed_iterations";
  public static final String KEY_LEARNINGS = "key_learnings";
  public static final String NO_IMPROVE_ITERATIONS = "no_improve_iterations";
  public static final String CAMPAIGN_STARTED_AT = "campaign_started_at";

  /**
   * Our addition, optional: the working state a terminal campaign stopped in (null or absent
   * while it runs), set by the orchestrator on every terminal transition; {@code metaopt resume
   * --retry} re-enters the campaign there. Not one of the eighteen: upstream states lack it.
   */
  public static final String STOPPED_IN = "stopped_in";

  /** metaopt's optional additions: a state may hold them, upstream's never does. */
  public static final List<String> OPTIONAL = List.of(STOPPED_IN);

  /** All eighteen, in contract order. */
  public static final List<String> ALL =
      List.of(
          VERSION, CAMPAIGN_ID, IDENTITY_HASH, STATUS, MACHINE_STATE, CURRENT_ITERATION,
          NEXT_ACTION, OBJECTIVE_SNAPSHOT, PROPOSAL_CYCLE, CURRENT_PROPOSALS, NEXT_PROPOSALS,
          SELECTED_SWEEP, CURRENT_SWEEP, BASELINE, COMPLETED_ITERATIONS, KEY_LEARNINGS,
          NO_IMPROVE_ITERATIONS, CAMPAIGN_STARTED_AT);

  /** The state file schema version this product reads and writes. */
  public static final int SCHEMA_VERSION = 4;

  private StateKeys() {}
}
