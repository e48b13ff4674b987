package dev.metaopt.schema;

/** Every JSON document metaopt reads or writes that has a published JSON Schema. */
public enum SchemaKind {
  CAMPAIGN("campaign"),
  STATE("state"),
  HANDOFF("handoff"),
  PREFLIGHT("preflight-readiness"),
  IDEATION_RESULT("worker-ideation"),
  SELECTION_RESULT("worker-selection"),
  ANALYSIS_RESULT("worker-analysis"),
  LAUNCH_SWEEP_RESULT("execution-launch-sweep"),
  POLL_SWEEP_RESULT("execution-poll-sweep"),
  SMOKE_TEST_RESULT("execution-run-smoke-test"),
  STOP_SWEEP_RESULT("execution-stop-sweep");

  private final String fileStem;

  SchemaKind(String fileStem) {
    this.fileStem = fileStem;
  }

  /** Classpath resource of the schema, e.g. {@code schemas/state.schema.json}. */
  public String resource() {
    return "schemas/" + fileStem + ".schema.json";
  }

  /** The schema file name stem, used in docs and error messages. */
  public String stem() {
    return fileStem;
  }
}
