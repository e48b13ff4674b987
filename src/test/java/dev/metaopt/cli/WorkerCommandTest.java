package dev.metaopt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.json.Json;
import dev.metaopt.schema.SchemaKind;
import dev.metaopt.schema.SchemaValidator;
import dev.metaopt.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code metaopt worker}: the built-in workers behind the external worker contract. */
class WorkerCommandTest {
  @TempDir Path dir;

  static CliRun worker(String... args) {
    return CliRun.of("worker", List.of(args));
  }

  @Test
  void ideationAnswersOneSchemaValidJsonObject() throws Exception {
    Path task = dir.resolve("task.json");
    Files.writeString(task, """
        {"lane": "ideation", "slot_id": "bg-1", "seed": 3,
         "objective": {"metric": "acc", "direction": "maximize", "improvement_threshold": 0.01},
         "search_space": {"lr": {"distribution": "log_uniform_values", "min": 0.001, "max": 1}},
         "compute": {"num_sweep_agents": 2}, "baseline": null, "history": [],
         "current_pool": []}
        """);
    CliRun run = worker("ideation", "--task", task.toString());
    assertThat(run.code()).isZero();
    assertThat(SchemaValidator.validate(SchemaKind.IDEATION_RESULT, Json.parse(run.out())))
        .isEmpty();
  }

  @Test
  void badTasksAreRejectedWithExit6AndUnknownLanesWithExit2() throws Exception {
    Path task = dir.resolve("bad.json");
    Files.writeString(task, "not json");
    CliRun bad = worker("analysis", "--task", task.toString());
    assertThat(bad.code()).isEqualTo(6);
    assertThat(bad.err()).contains("not valid JSON");
    Files.writeString(task, "{}");
    CliRun unknown = worker("reviewer", "--task", task.toString());
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown lane 'reviewer'");
  }
}
