package dev.metaopt.protocol;

import dev.metaopt.schema.SchemaKind;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The worker lanes, with everything the protocol attaches to each: its wire name (the
 * {@code workers.<lane>} key, the task's {@code lane}), the worker ref and classes a launch
 * request must carry, the schema its answer must pass and its default timeout. The execution lane
 * has no worker ref: it is driven by directives, one {@link Operation} at a time.
 */
public enum Lane {
  IDEATION("metaopt-ideation-worker", "background", "general_worker", "claude-sonnet-4",
      SchemaKind.IDEATION_RESULT, Duration.ofMinutes(10)),
  SELECTION("metaopt-selection-worker", "selection", "strong_reasoner", "claude-opus-4.6",
      SchemaKind.SELECTION_RESULT, Duration.ofMinutes(10)),
  ANALYSIS("metaopt-analysis-worker", "auxiliary", "strong_reasoner", "claude-opus-4.6",
      SchemaKind.ANALYSIS_RESULT, Duration.ofMinutes(10)),
  /** Smoke test, launch, poll and stop: each operation has its own result schema. */
  EXECUTION(null, null, null, null, null, Duration.ofMinutes(30));

  private final String workerRef;
  private final String slotClass;
  private final String modelClass;
  private final String preferredModel;
  private final SchemaKind resultSchema;
  private final Duration defaultTimeout;

  Lane(String workerRef, String slotClass, String modelClass, String preferredModel,
      SchemaKind resultSchema, Duration defaultTimeout) {
    this.workerRef = workerRef;
    this.slotClass = slotClass;
    this.modelClass = modelClass;
    this.preferredModel = preferredModel;
    this.resultSchema = resultSchema;
    this.defaultTimeout = defaultTimeout;
  }

  /** The name on the wire and in campaign files, e.g. {@code ideation}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True for the lanes a control agent dispatches with a launch request. */
  public boolean dispatched() {
    return workerRef != null;
  }

  /** The contract's worker ref, e.g. {@code metaopt-ideation-worker} (dispatched lanes only). */
  public String workerRef() {
    return requireDispatched(workerRef);
  }

  public String slotClass() {
    return requireDispatched(slotClass);
  }

  public String modelClass() {
    return requireDispatched(modelClass);
  }

  /** The model a launch request names when it does not choose one. */
  public String preferredModel() {
    return requireDispatched(preferredModel);
  }

  /** The schema a dispatched lane's answer must pass. */
  public SchemaKind resultSchema() {
    return requireDispatched(resultSchema);
  }

  /** How long one attempt may take when {@code workers.<lane>.timeout_seconds} is not set. */
  public Duration defaultTimeout() {
    return defaultTimeout;
  }

  /** The lane with this wire name. */
  public static Optional<Lane> parse(String wireName) {
    return Arrays.stream(values()).filter(l -> l.wireName().equals(wireName)).findFirst();
  }

  /** The dispatched lane whose worker ref this is. */
  public static Optional<Lane> byWorkerRef(String workerRef) {
    return Arrays.stream(values()).filter(l -> l.dispatched() && l.workerRef.equals(workerRef))
        .findFirst();
  }

  private <T> T requireDispatched(T value) {
    if (value == null) {
      throw new IllegalStateException(this + " is not a dispatched lane");
    }
    return value;
  }
}
