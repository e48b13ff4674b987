package dev.metaopt.protocol;

import dev.metaopt.schema.SchemaKind;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The execution lane's operations: the directive action that asks for one, the fields the
 * directive must carry, and the schema of the result the backend answers with (whose
 * {@code operation} field repeats the wire name).
 */
public enum Operation {
  RUN_SMOKE_TEST(SchemaKind.SMOKE_TEST_RESULT, List.of("command", "result_file")),
  LAUNCH_SWEEP(SchemaKind.LAUNCH_SWEEP_RESULT,
      List.of("sweep_config", "sky_task_spec", "result_file")),
  POLL_SWEEP(SchemaKind.POLL_SWEEP_RESULT, List.of("sweep_id", "sky_job_ids", "result_file")),
  STOP_SWEEP(SchemaKind.STOP_SWEEP_RESULT, List.of("sweep_id", "result_file"));

  private final SchemaKind resultSchema;
  private final List<String> directiveFields;

  Operation(SchemaKind resultSchema, List<String> directiveFields) {
    this.resultSchema = resultSchema;
    this.directiveFields = directiveFields;
  }

  /** The directive action and result {@code operation}, e.g. {@code poll_sweep}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public SchemaKind resultSchema() {
    return resultSchema;
  }

  /** Fields a directive asking for this operation must carry. */
  public List<String> directiveFields() {
    return directiveFields;
  }

  /** The operation with this wire name. */
  public static Optional<Operation> parse(String wireName) {
    return Arrays.stream(values()).filter(o -> o.wireName().equals(wireName)).findFirst();
  }
}
