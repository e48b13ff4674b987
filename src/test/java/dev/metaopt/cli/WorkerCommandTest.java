package dev.metaopt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.json.Json;
import dev.metaopt.schema.SchemaKind;
import dev.metaopt.schema.SchemaValidator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code metaopt worker}: the built-in workers behind the external worker contract. */
class WorkerCommandTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static Run worker(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 1];
    all[0] = "worker";
    System.arraycopy(args, 0, all, 1, args.length);
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), all);
    return new Run(code, out.toString(), err.toString());
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
    Run run = worker("ideation", "--task", task.toString());
    assertThat(run.code()).isZero();
    assertThat(SchemaValidator.validate(SchemaKind.IDEATION_RESULT, Json.parse(run.out())))
        .isEmpty();
  }

  @Test
  void badTasksAreRejectedWithExit6AndUnknownLanesWithExit2() throws Exception {
    Path task = dir.resolve("bad.json");
    Files.writeString(task, "not json");
    Run bad = worker("analysis", "--task", task.toString());
    assertThat(bad.code()).isEqualTo(6);
    assertThat(bad.err()).contains("not valid JSON");
    Files.writeString(task, "{}");
    Run unknown = worker("reviewer", "--task", task.toString());
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown lane 'reviewer'");
  }
}
