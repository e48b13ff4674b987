package dev.metaopt.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.dispatch.LaneWorkers;
import dev.metaopt.json.Json;
import dev.metaopt.protocol.Lane;
import dev.metaopt.worker.Worker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;

/**
 * The scripted fake worker of {@code src/test/resources/fake-workers/fake_worker.py}, in this JVM:
 * the same scenario file, the same answers, the same {@code .fake-backend/} records. For tests of
 * the state machine, where the worker process is not what is under test; the process contract
 * keeps its own tests with the Python script (and {@code ScriptedWorkersTest} holds the two to
 * the same answers).
 */
public final class ScriptedWorkers implements LaneWorkers {
  private final Path scenarioFile;

  public ScriptedWorkers(Path scenarioFile) {
    this.scenarioFile = scenarioFile;
  }

  @Override
  public Optional<Worker> forLane(Lane lane, ObjectNode loadHandoff) {
    return Optional.of(new Worker() {
      @Override
      public String describe() {
        return "scripted " + lane.wireName() + " worker";
      }

      @Override
      public Output run(String taskJson, Path stderrLog, Duration timeout) {
        return new Output(answer(lane, taskJson), 0, false, null);
      }
    });
  }

  /** What the fake worker prints for {@code taskJson} on {@code lane}. */
  public String answer(Lane lane, String taskJson) {
    try {
      JsonNode scenario = Json.parse(Files.readString(scenarioFile));
      ObjectNode task = (ObjectNode) Json.parse(taskJson);
      for (JsonNode garbage : scenario.path("garbage")) {
        if (garbage.asText().equals(lane.wireName())
            || garbage.asText().equals(task.path("operation").asText())) {
          return "Traceback (most recent call last): scripted garbage";
        }
      }
      return switch (lane) {
        case IDEATION -> ScriptedAnswers.ideation(task, scenario);
        case SELECTION -> Json.compact(ScriptedAnswers.selection(task, scenario));
        case ANALYSIS -> Json.compact(ScriptedAnswers.analysis(task));
        case EXECUTION -> Json.compact(execution(task, scenario.path("execution")));
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The execution lane, its sweep progress kept under {@code <project>/.fake-backend/}. */
  private static ObjectNode execution(ObjectNode task, JsonNode script) throws IOException {
    String operation = task.path("operation").asText();
    Path backend = Path.of(task.path("project_dir").asText(".")).resolve(".fake-backend");
    Files.createDirectories(backend);
    ObjectNode result = Json.object();
    result.put("operation", operation);
    switch (operation) {
      case "run_smoke_test" -> {
        boolean passed = script.path("smoke").asText("pass").equals("pass");
        result.put("exit_code", passed ? 0 : 2).put("timed_out", false).put("passed", passed)
            .put("duration_seconds", 0.1).put("stdout_tail", "")
            .put("stderr_tail", passed ? "" : "Traceback: scripted failure");
      }
      case "launch_sweep" -> {
        if (script.path("launch").asText().equals("error")) {
          result.put("exit_code", 1).putNull("sweep_id");
          result.put("error", "scripted: sky launch failed for agent 2; sweep cancelled");
          return result;
        }
        String sweepId = "fake-" + task.path("proposal_id").asText("sweep") + "-iter"
            + task.path("iteration").asText("");
        append(backend.resolve("launches.jsonl"), Json.object().put("sweep_id", sweepId));
        result.put("exit_code", 0).put("sweep_id", sweepId)
            .put("sweep_url", "file://" + backend + "/" + sweepId);
        result.putArray("sky_job_ids").add("agent-1");
        result.put("launched_at", "2026-01-01T00:00:00Z");
      }
      case "poll_sweep" -> ScriptedAnswers.poll(task, script, backend, result);
      case "stop_sweep" -> {
        append(backend.resolve("stops.jsonl"), Json.object().set("sweep_id",
            task.path("sweep_id").deepCopy()));
        result.put("exit_code", 0).set("sweep_id", task.path("sweep_id").deepCopy());
        result.putArray("stopped_runs");
      }
      default -> result.put("error", "unknown operation");
    }
    return result;
  }

  static void append(Path file, ObjectNode line) throws IOException {
    Files.writeString(file, Json.compact(line) + "\n", StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }
}
