package dev.metaopt.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.dispatch.WorkExecutor.Outcome;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.json.Json;
import dev.metaopt.schema.SchemaKind;
import dev.metaopt.worker.MinimalEnvironment;
import dev.metaopt.worker.ProcessWorker;
import dev.metaopt.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Worker output that is not one schema-valid JSON object is a handled outcome, never a crash. */
class DispatcherTest {
  static final String RESULT = ".ml-metaopt/worker-results/sweep-analysis-iter-1.json";
  static final String VALID = "{\"improved\": false, \"best_metric_value\": 0.5,"
      + " \"best_run_id\": \"r\", \"learnings\": []}";

  @TempDir Path dir;
  ProjectLayout layout;
  Dispatcher dispatcher;

  @BeforeEach
  void setUp() {
    layout = new ProjectLayout(dir);
    dispatcher = new Dispatcher(layout);
  }

  Outcome dispatch(String script, int retries, Duration timeout) {
    Worker worker = new ProcessWorker(List.of("/bin/sh", "-c", script),
        MinimalEnvironment.from(System.getenv()), dir);
    ObjectNode task = Json.object().put("lane", "analysis").put("name", "sweep-analysis-iter-1");
    return dispatcher.dispatch(worker, new Dispatcher.Work("sweep-analysis-iter-1", task,
        ".ml-metaopt/tasks/sweep-analysis-iter-1.md", RESULT, SchemaKind.ANALYSIS_RESULT, retries,
        timeout));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "not json|echo 'Sure! Here is the JSON you asked for'|stdout is not exactly one JSON object",
      "two objects|echo '{\"a\": 1}{\"b\": 2}'|stdout is not exactly one JSON object",
      "a list|echo '[1, 2]'|stdout must be one JSON object, got ARRAY",
      "schema-invalid|echo '{\"improved\": \"yes\"}'|violates worker-analysis",
      "binary|printf '\\000\\377\\376'|stdout is not exactly one JSON object",
      "empty|true|stdout is empty",
      "non-zero exit|echo '{}'; exit 3|exited with code 3",
      "huge|head -c 9000000 /dev/zero|stdout exceeded 8 MiB"})
  void badOutputIsRejectedKeptAsideAndNeverWritten(String name, String script, String problem)
      throws Exception {
    // when
    Outcome outcome = dispatch(script, 0, Duration.ofSeconds(30));

    // then
    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.failure()).contains(problem, "kept in");
    assertThat(layout.resolveContractPath(RESULT)).doesNotExist();
    assertThat(layout.resolveContractPath(RESULT + ".attempt-1.invalid.txt")).content()
        .contains("problem: ");
  }

  @Test
  void aNeverEndingWorkerIsKilledWithItsProcessTreeAtTheTimeout() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    Outcome outcome = dispatch("sleep 300 & echo $! > " + pidFile + "; wait",
        0, Duration.ofSeconds(1));
    assertThat(outcome.failure()).contains("timed out after 1 s (process tree killed)");
    long child = Long.parseLong(Files.readString(pidFile).strip());
    assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  @Test
  void invalidOutputIsRetriedABoundedNumberOfTimes() throws Exception {
    Path count = dir.resolve("count");
    Outcome outcome = dispatch("echo x >> " + count + "; echo nope", 2, Duration.ofSeconds(30));
    assertThat(outcome.failure()).contains("in 3 attempt(s)");
    assertThat(Files.readAllLines(count)).hasSize(3);
    assertThat(layout.resolveContractPath(RESULT + ".attempt-3.invalid.txt")).exists();
  }

  @Test
  void aRetryThatSucceedsWritesTheResultAndTheTask() throws Exception {
    Path count = dir.resolve("count");
    Outcome outcome = dispatch("echo x >> " + count + "; if [ $(wc -l < " + count + ") -lt 2 ];"
        + " then echo nope; else echo '" + VALID + "'; fi", 1, Duration.ofSeconds(30));
    assertThat(outcome.succeeded()).isTrue();
    assertThat(Json.parse(Files.readString(layout.resolveContractPath(RESULT)))
        .path("best_metric_value").asDouble()).isEqualTo(0.5);
    assertThat(layout.resolveContractPath(".ml-metaopt/tasks/sweep-analysis-iter-1.md"))
        .content().contains("# analysis task: sweep-analysis-iter-1");
  }

  @Test
  void aValidResultAlreadyOnDiskIsReusedWithoutRunningTheWorker() throws Exception {
    Files.createDirectories(layout.workerResultsDir());
    Files.writeString(layout.resolveContractPath(RESULT), VALID);
    Path ran = dir.resolve("ran");
    assertThat(dispatch("touch " + ran + "; echo nope", 0, Duration.ofSeconds(30)).succeeded())
        .isTrue();
    assertThat(ran).doesNotExist();
  }

  @Test
  void aMissingProgramIsReportedByName() {
    Worker worker = new ProcessWorker(List.of("no-such-worker-binary"),
        MinimalEnvironment.from(System.getenv()), dir);
    ObjectNode task = Json.object().put("lane", "analysis");
    Outcome outcome = dispatcher.dispatch(worker, new Dispatcher.Work("x", task, null, RESULT,
        SchemaKind.ANALYSIS_RESULT, 0, Duration.ofSeconds(5)));
    assertThat(outcome.failure()).contains("cannot start 'no-such-worker-binary'");
  }
}
