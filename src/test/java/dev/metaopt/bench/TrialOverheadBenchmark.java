package dev.metaopt.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.backend.local.LocalBackend;
import dev.metaopt.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;

/**
 * Local trial overhead: wall time per trial of a sweep of no-op trials run by the local backend
 * (polled back to back, one agent), against starting the same no-op process directly.
 */
public final class TrialOverheadBenchmark {
  private static final int TRIALS = 40;

  public static void main(String[] args) throws Exception {
    long bare = System.nanoTime();
    for (int i = 0; i < TRIALS; i++) {
      new ProcessBuilder("/bin/true").start().waitFor();
    }
    double bareMs = (System.nanoTime() - bare) / 1e6 / TRIALS;

    Path project = Files.createTempDirectory("metaopt-overhead");
    LocalBackend backend = new LocalBackend(System.getenv(), Clock.systemUTC());
    ObjectNode launch = task(project, "launch_sweep");
    launch.set("sweep_config", Json.parse("{\"method\": \"random\", \"metric\": {\"name\":"
        + " \"m\"}, \"run_cap\": " + TRIALS + ", \"command\": [\"/bin/true\"], \"parameters\":"
        + " {\"x\": {\"min\": 0.0, \"max\": 1.0}}}"));
    long start = System.nanoTime();
    String sweep = backend.handle(launch).path("sweep_id").asText();
    JsonNode result;
    do {
      ObjectNode poll = task(project, "poll_sweep");
      poll.put("sweep_id", sweep);
      result = backend.handle(poll);
    } while (result.path("sweep_status").asText().equals("running"));
    double sweepMs = (System.nanoTime() - start) / 1e6 / TRIALS;
    System.out.printf(Locale.ROOT, "| bare process start | %.1f ms/trial |%n", bareMs);
    System.out.printf(Locale.ROOT, "| local backend (launch + polls, 1 agent) | %.1f ms/trial |%n",
        sweepMs);
  }

  private static ObjectNode task(Path project, String operation) {
    ObjectNode task = Json.object();
    task.put("operation", operation);
    task.put("campaign_id", "bench");
    task.put("iteration", 1);
    task.put("proposal_id", "p");
    task.put("project_dir", project.toString());
    task.put("metaopt_dir", project.resolve(".ml-metaopt").toString());
    task.putObject("compute").put("num_sweep_agents", 1).put("max_budget_usd", 100);
    return task;
  }
}
