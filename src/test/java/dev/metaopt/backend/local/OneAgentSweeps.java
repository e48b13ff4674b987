package dev.metaopt.backend.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Drives a {@link LocalBackend} the way the execution lane does with one agent and a 5-minute idle
 * limit, on the clock the test gives the backend: for tests of one trial's own behaviour.
 */
final class OneAgentSweeps {
  private final Path project;
  private final LocalBackend backend;
  private final List<String> launched = new ArrayList<>();

  OneAgentSweeps(Path project, LocalBackend backend) {
    this.project = project;
    this.backend = backend;
  }

  /** An execution task for {@code python3 trial.py}, one agent, idle limit 5 min. */
  ObjectNode task(String operation) {
    ObjectNode task = LocalSweeps.task(project, operation);
    ObjectNode compute = (ObjectNode) task.get("compute");
    compute.put("num_sweep_agents", 1);
    compute.put("idle_timeout_minutes", 5);
    task.putObject("objective").put("metric", "score");
    return task;
  }

  /** Launches {@code sweepConfig} (JSON) and returns the sweep id. */
  String launch(String sweepConfig, Consumer<ObjectNode> tweak) throws Exception {
    ObjectNode launch = task("launch_sweep");
    launch.put("proposal_id", "p-" + launched.size());
    launch.set("sweep_config", Json.parse(sweepConfig));
    tweak.accept(launch);
    String sweepId = backend.handle(launch).path("sweep_id").asText();
    launched.add(sweepId);
    return sweepId;
  }

  JsonNode poll(String sweepId) {
    ObjectNode poll = task("poll_sweep");
    poll.put("sweep_id", sweepId);
    return backend.handle(poll);
  }

  /** Polls until the sweep ends; bounded, never a timing assertion. */
  JsonNode pollUntilDone(String sweepId) throws Exception {
    JsonNode result = poll(sweepId);
    for (int i = 0; i < 600 && result.path("sweep_status").asText().equals("running"); i++) {
      Thread.sleep(100);
      result = poll(sweepId);
    }
    return result;
  }

  /** Stops every sweep launched here, killing the trials still running. */
  void stopAll() {
    for (String sweepId : launched) {
      ObjectNode stop = task("stop_sweep");
      stop.put("sweep_id", sweepId);
      backend.handle(stop);
    }
  }
}
