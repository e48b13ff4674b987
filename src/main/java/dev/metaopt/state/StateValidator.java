package dev.metaopt.state;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.protocol.StateKeys;
import dev.metaopt.schema.SchemaKind;
import dev.metaopt.schema.SchemaValidator;
import dev.metaopt.schema.ValidationIssue;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Validates a v4 state document: the rules of the upstream contract's validator (all 18 keys,
 * types, status/machine_state pairing, terminal ⇒ no live sweep) with messages that name the
 * problem, then the published JSON Schema for anything structural left over.
 *
 * <p>One deliberate difference from upstream: {@code baseline} may be null (no iteration has
 * completed yet), as the contract's own prose says; and an iteration record may carry a null
 * {@code best_metric_value} (the sweep produced no finite metric).
 */
public final class StateValidator {
  private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");

  private StateValidator() {}

  /** Every problem of {@code state}; empty when it is a valid v4 state. */
  public static List<ValidationIssue> validate(JsonNode state) {
    List<ValidationIssue> issues = checkRules(state);
    if (issues.isEmpty()) {
      issues.addAll(SchemaValidator.validate(SchemaKind.STATE, state));
    }
    return issues;
  }

  /**
   * The contract validator's rules only, without the published schema's structural pass: for a
   * read-only view that must start fast ({@code metaopt status}), since compiling the schema
   * costs more than the rest of that command. Anything that writes state uses {@link #validate}.
   */
  public static List<ValidationIssue> checkRules(JsonNode state) {
    List<ValidationIssue> issues = new ArrayList<>();
    if (state == null || !state.isObject()) {
      issues.add(ValidationIssue.of("", "state must be a JSON object"));
      return issues;
    }
    List<String> missing =
        StateKeys.ALL.stream().filter(key -> !state.has(key)).sorted().toList();
    if (!missing.isEmpty()) {
      issues.add(new ValidationIssue("", "missing required state keys: " + missing, null,
          "restore the file from a backup or re-create the campaign"));
    }
    for (Iterator<String> it = state.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!StateKeys.ALL.contains(key) && !StateKeys.OPTIONAL.contains(key)) {
        issues.add(ValidationIssue.of(key, "unknown state key '" + key + "'"));
      }
    }
    checkIdentity(state, issues);
    checkLifecycle(state, issues);
    checkObjective(state.path(StateKeys.OBJECTIVE_SNAPSHOT), issues);
    checkProposalCycle(state.path(StateKeys.PROPOSAL_CYCLE), issues);
    checkCurrentSweep(state.path(StateKeys.CURRENT_SWEEP), issues);
    checkSelectedSweep(state.path(StateKeys.SELECTED_SWEEP), issues);
    checkObjectList(state, StateKeys.CURRENT_PROPOSALS, issues);
    checkObjectList(state, StateKeys.NEXT_PROPOSALS, issues);
    checkBaseline(state.path(StateKeys.BASELINE), issues);
    checkIterations(state.path(StateKeys.COMPLETED_ITERATIONS), issues);
    checkLearnings(state.path(StateKeys.KEY_LEARNINGS), issues);
    checkCounters(state, issues);
    return issues;
  }

  private static void checkIdentity(JsonNode state, List<ValidationIssue> issues) {
    JsonNode version = state.path(StateKeys.VERSION);
    if (state.has(StateKeys.VERSION)
        && !(version.isIntegralNumber() && version.asInt() == StateKeys.SCHEMA_VERSION)) {
      issues.add(new ValidationIssue(StateKeys.VERSION, "state must use version 4",
          version.toString(), "this metaopt reads v4 state files only"));
    }
    if (state.has(StateKeys.CAMPAIGN_ID) && !nonEmptyString(state.path(StateKeys.CAMPAIGN_ID))) {
      issues.add(ValidationIssue.of(StateKeys.CAMPAIGN_ID, "campaign_id is required"));
    }
    JsonNode hash = state.path(StateKeys.IDENTITY_HASH);
    if (state.has(StateKeys.IDENTITY_HASH)
        && !(hash.isTextual() && SHA256.matcher(hash.asText()).matches())) {
      issues.add(new ValidationIssue(StateKeys.IDENTITY_HASH,
          "campaign_identity_hash must be a sha256 digest", hash.toString(),
          "expected 'sha256:' followed by 64 lowercase hex digits"));
    }
  }

  private static void checkLifecycle(JsonNode state, List<ValidationIssue> issues) {
    if (!state.has(StateKeys.STATUS) || !state.has(StateKeys.MACHINE_STATE)) {
      return;
    }
    String statusText = state.path(StateKeys.STATUS).asText();
    String machineText = state.path(StateKeys.MACHINE_STATE).asText();
    Status status = state.path(StateKeys.STATUS).isTextual()
        ? Status.parse(statusText).orElse(null) : null;
    MachineState machine = state.path(StateKeys.MACHINE_STATE).isTextual()
        ? MachineState.parse(machineText).orElse(null) : null;
    if (status == null) {
      issues.add(new ValidationIssue(StateKeys.STATUS, "status must be one of "
          + List.of(Status.values()), state.path(StateKeys.STATUS).toString(), ""));
    }
    if (machine == null) {
      issues.add(new ValidationIssue(StateKeys.MACHINE_STATE, "machine_state must be one of the "
          + "14 machine states", state.path(StateKeys.MACHINE_STATE).toString(), ""));
    }
    if (status == null || machine == null) {
      return;
    }
    if (status == Status.RUNNING && machine.isTerminal()) {
      issues.add(new ValidationIssue(StateKeys.STATUS,
          "invalid status/machine_state pairing: RUNNING requires a non-terminal machine_state",
          machineText, ""));
    } else if (status != Status.RUNNING && !statusText.equals(machineText)) {
      issues.add(new ValidationIssue(StateKeys.STATUS,
          "invalid status/machine_state pairing: status " + statusText
              + " requires machine_state " + statusText, machineText,
          "a terminal status only pairs with the identical machine_state"));
    }
    if (machine.isTerminal() && !state.path(StateKeys.CURRENT_SWEEP).isNull()
        && state.has(StateKeys.CURRENT_SWEEP)) {
      issues.add(ValidationIssue.of(StateKeys.CURRENT_SWEEP,
          "terminal states must have current_sweep = null"));
    }
  }

  private static void checkObjective(JsonNode objective, List<ValidationIssue> issues) {
    if (objective.isMissingNode()) {
      return;
    }
    if (!objective.isObject()) {
      issues.add(ValidationIssue.of(StateKeys.OBJECTIVE_SNAPSHOT,
          "objective_snapshot must be an object"));
      return;
    }
    if (!nonEmptyString(objective.path("metric"))) {
      issues.add(ValidationIssue.of("objective_snapshot.metric",
          "objective_snapshot.metric is required"));
    }
    String direction = objective.path("direction").asText("");
    if (!direction.equals("minimize") && !direction.equals("maximize")) {
      issues.add(new ValidationIssue("objective_snapshot.direction",
          "objective_snapshot.direction must be minimize or maximize",
          objective.path("direction").toString(), ""));
    }
    if (!finiteNumber(objective.path("improvement_threshold"))) {
      issues.add(ValidationIssue.of("objective_snapshot.improvement_threshold",
          "objective_snapshot.improvement_threshold must be numeric"));
    }
  }

  private static void checkProposalCycle(JsonNode cycle, List<ValidationIssue> issues) {
    if (cycle.isMissingNode()) {
      return;
    }
    if (!cycle.isObject()) {
      issues.add(ValidationIssue.of(StateKeys.PROPOSAL_CYCLE, "proposal_cycle must be an object"));
      return;
    }
    if (!nonEmptyString(cycle.path("cycle_id"))) {
      issues.add(ValidationIssue.of("proposal_cycle.cycle_id", "proposal_cycle.cycle_id is required"));
    }
    if (!cycle.path("current_pool_frozen").isBoolean()) {
      issues.add(ValidationIssue.of("proposal_cycle.current_pool_frozen",
          "proposal_cycle.current_pool_frozen must be a boolean"));
    }
  }

  private static void checkCurrentSweep(JsonNode sweep, List<ValidationIssue> issues) {
    if (sweep.isMissingNode() || sweep.isNull()) {
      return;
    }
    if (!sweep.isObject()) {
      issues.add(ValidationIssue.of(StateKeys.CURRENT_SWEEP, "current_sweep must be an object"));
      return;
    }
    for (String field : List.of("sweep_id", "sweep_url", "launched_at")) {
      if (!nonEmptyString(sweep.path(field))) {
        issues.add(ValidationIssue.of("current_sweep." + field,
            "current_sweep." + field + " is required"));
      }
    }
    if (!sweep.path("sky_job_ids").isArray()) {
      issues.add(ValidationIssue.of("current_sweep.sky_job_ids",
          "current_sweep.sky_job_ids must be a list"));
    }
    if (!finiteNumber(sweep.path("cumulative_spend_usd"))) {
      issues.add(ValidationIssue.of("current_sweep.cumulative_spend_usd",
          "current_sweep.cumulative_spend_usd must be numeric"));
    }
  }

  private static void checkSelectedSweep(JsonNode selected, List<ValidationIssue> issues) {
    if (selected.isMissingNode() || selected.isNull()) {
      return;
    }
    if (!selected.isObject()) {
      issues.add(ValidationIssue.of(StateKeys.SELECTED_SWEEP, "selected_sweep must be an object"));
      return;
    }
    if (!nonEmptyString(selected.path("proposal_id"))) {
      issues.add(ValidationIssue.of("selected_sweep.proposal_id",
          "selected_sweep.proposal_id is required"));
    }
    if (!selected.path("sweep_config").isObject()) {
      issues.add(ValidationIssue.of("selected_sweep.sweep_config",
          "selected_sweep.sweep_config must be an object"));
    }
  }

  private static void checkObjectList(JsonNode state, String key, List<ValidationIssue> issues) {
    JsonNode list = state.path(key);
    if (list.isMissingNode()) {
      return;
    }
    if (!list.isArray()) {
      issues.add(ValidationIssue.of(key, key + " must be a list"));
      return;
    }
    for (JsonNode entry : list) {
      if (!entry.isObject()) {
        issues.add(ValidationIssue.of(key, key + " entries must be objects"));
        return;
      }
    }
  }

  private static void checkBaseline(JsonNode baseline, List<ValidationIssue> issues) {
    if (baseline.isMissingNode() || baseline.isNull()) {
      return;
    }
    if (!baseline.isObject()) {
      issues.add(ValidationIssue.of(StateKeys.BASELINE, "baseline must be an object or null"));
      return;
    }
    if (!nonEmptyString(baseline.path("metric"))) {
      issues.add(ValidationIssue.of("baseline.metric", "baseline.metric is required"));
    }
    if (!finiteNumber(baseline.path("value"))) {
      issues.add(new ValidationIssue("baseline.value", "baseline.value must be numeric",
          baseline.path("value").toString(), ""));
    }
  }

  private static void checkIterations(JsonNode iterations, List<ValidationIssue> issues) {
    if (iterations.isMissingNode()) {
      return;
    }
    if (!iterations.isArray()) {
      issues.add(ValidationIssue.of(StateKeys.COMPLETED_ITERATIONS,
          "completed_iterations must be a list"));
      return;
    }
    for (JsonNode record : iterations) {
      if (!record.isObject()) {
        issues.add(ValidationIssue.of(StateKeys.COMPLETED_ITERATIONS,
            "completed_iterations entries must be objects"));
        return;
      }
      if (!positiveInteger(record.path("iteration"))) {
        issues.add(ValidationIssue.of(StateKeys.COMPLETED_ITERATIONS,
            "completed_iterations entries must include positive iteration"));
      }
      JsonNode best = record.path("best_metric_value");
      if (!best.isNull() && !best.isMissingNode() && !finiteNumber(best)) {
        issues.add(new ValidationIssue(StateKeys.COMPLETED_ITERATIONS,
            "completed_iterations best_metric_value must be numeric", best.toString(), ""));
      }
    }
  }

  private static void checkLearnings(JsonNode learnings, List<ValidationIssue> issues) {
    if (learnings.isMissingNode()) {
      return;
    }
    if (!learnings.isArray()) {
      issues.add(ValidationIssue.of(StateKeys.KEY_LEARNINGS, "key_learnings must be a list"));
      return;
    }
    for (JsonNode learning : learnings) {
      if (!nonEmptyString(learning)) {
        issues.add(ValidationIssue.of(StateKeys.KEY_LEARNINGS,
            "key_learnings entries must be non-empty strings"));
        return;
      }
    }
  }

  private static void checkCounters(JsonNode state, List<ValidationIssue> issues) {
    if (state.has(StateKeys.CURRENT_ITERATION)
        && !positiveInteger(state.path(StateKeys.CURRENT_ITERATION))) {
      issues.add(new ValidationIssue(StateKeys.CURRENT_ITERATION,
          "current_iteration must be a positive integer",
          state.path(StateKeys.CURRENT_ITERATION).toString(), ""));
    }
    JsonNode noImprove = state.path(StateKeys.NO_IMPROVE_ITERATIONS);
    if (state.has(StateKeys.NO_IMPROVE_ITERATIONS)
        && !(noImprove.isIntegralNumber() && noImprove.asLong() >= 0)) {
      issues.add(new ValidationIssue(StateKeys.NO_IMPROVE_ITERATIONS,
          "no_improve_iterations must be a non-negative integer", noImprove.toString(), ""));
    }
    JsonNode nextAction = state.path(StateKeys.NEXT_ACTION);
    if (state.has(StateKeys.NEXT_ACTION) && !nextAction.isNull() && !nextAction.isTextual()) {
      issues.add(ValidationIssue.of(StateKeys.NEXT_ACTION, "next_action must be a string or null"));
    }
    JsonNode started = state.path(StateKeys.CAMPAIGN_STARTED_AT);
    if (state.has(StateKeys.CAMPAIGN_STARTED_AT) && !nonEmptyString(started)) {
      issues.add(ValidationIssue.of(StateKeys.CAMPAIGN_STARTED_AT,
          "campaign_started_at must be a timestamp string"));
    }
  }

  private static boolean nonEmptyString(JsonNode node) {
    return node.isTextual() && !node.asText().isBlank();
  }

  private static boolean finiteNumber(JsonNode node) {
    return node.isNumber() && Double.isFinite(node.asDouble());
  }

  private static boolean positiveInteger(JsonNode node) {
    return node.isIntegralNumber() && node.asLong() > 0;
  }
}
