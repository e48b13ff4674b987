package dev.metaopt.backend.skypilot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.campaign.Campaign;
import dev.metaopt.json.Json;
import dev.metaopt.testing.GeneratedBlock;
import dev.metaopt.worker.LaunchKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * references/backend-contract.md prints what the backend emits for a campaign on vast, aws and
 * kubernetes (the registered sweep config, each agent's task YAML and command line), produced by
 * the very functions {@link SweepLauncher} calls; this test fails when the copy goes stale.
 */
class AgentTaskDocTest {
  private static final Path PROJECT = Path.of("/home/me/gnn");
  private static final Path SKYPILOT = PROJECT.resolve(".ml-metaopt").resolve("skypilot");
  private static final String SWEEP = "my-team/gnn-mnist-metaopt/k3v9q2ab";

  @Test
  void theContractShowsTheSweepAndTheAgentsExactlyAsEmitted() throws IOException {
    new GeneratedBlock(Path.of("references/backend-contract.md"), "skypilot-agents")
        .assertCurrent(markdown());
  }

  static String markdown() throws IOException {
    ObjectNode task = task();
    String key = "mo-" + LaunchKey.of(task);
    Path sweepFile = SweepLauncher.sweepFile(SKYPILOT, key);
    StringBuilder doc = new StringBuilder();
    doc.append("The sweep (`").append(sweepFile).append("`), for `project.train_command: python"
        + " train.py`, registered with:\n\n```\n")
        .append(argv(SweepLauncher.sweepArgv("my-team", "gnn-mnist-metaopt", sweepFile)))
        .append("\n```\n\n```yaml\n").append(PyYamlText.of(SweepConfig.of(task,
            "metaopt-" + key))).append("```\n");
    agent(doc, "`provider: vast_ai`, a project with `requirements.txt`",
        "{\"provider\": \"vast_ai\", \"accelerator\": \"A100:1\", \"num_sweep_agents\": 2,"
            + " \"idle_timeout_minutes\": 15}",
        "pip install wandb && pip install -r requirements.txt", Map.of(), key);
    agent(doc, "`provider: aws` with an image and a `setup_command`",
        "{\"provider\": \"aws\", \"accelerator\": \"A10G:1\", \"num_sweep_agents\": 2,"
            + " \"idle_timeout_minutes\": 10,"
            + " \"image_id\": \"docker:pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\"}",
        "pip install -r requirements.txt wandb", Map.of(), key);
    agent(doc, "`provider: aws` with `use_spot: true`: a managed job",
        "{\"provider\": \"aws\", \"accelerator\": \"A10G:1\", \"num_sweep_agents\": 2,"
            + " \"idle_timeout_minutes\": 10, \"use_spot\": true}",
        "pip install wandb", Map.of(), key);
    agent(doc, "`provider: kubernetes`, a self-hosted W&B (`WANDB_BASE_URL` set)",
        "{\"provider\": \"kubernetes\", \"accelerator\": \"L4:1\", \"num_sweep_agents\": 1,"
            + " \"idle_timeout_minutes\": 20}",
        "pip install wandb", Map.of("WANDB_BASE_URL", "https://wandb.example.com"), key);
    return doc.toString();
  }

  private static void agent(StringBuilder doc, String title, String compute, String setup,
      Map<String, String> urls, String key) throws IOException {
    AgentTask.Settings settings = new AgentTask.Settings(
        Campaign.Compute.from(Json.parse(compute)), setup, PROJECT,
        new Campaign.Wandb("my-team", "gnn-mnist-metaopt"), new java.util.TreeMap<>(urls));
    String name = key + "-1";
    Path file = SweepLauncher.taskFile(SKYPILOT, key, name);
    doc.append("\n##### ").append(title).append("\n\n```\n")
        .append(argv(AgentTask.argv(settings, name, file))).append("\n```\n\n`")
        .append(file).append("`:\n\n```yaml\n")
        .append(PyYamlText.of(AgentTask.spec(settings, name, SWEEP))).append("```\n");
  }

  /** The argv as a JSON list: exactly the words the process gets, no shell quoting. */
  private static String argv(List<String> words) {
    ArrayNode list = Json.nodes().arrayNode();
    words.forEach(list::add);
    return Json.compact(list);
  }

  private static ObjectNode task() throws IOException {
    ObjectNode task = Json.object();
    task.put("campaign_id", "gnn-mnist-optimization");
    task.put("iteration", 1);
    task.put("proposal_id", "p-0001");
    task.putObject("project").put("train_command", "python train.py");
    JsonNode config = Json.parse("""
        {"method": "bayes", "metric": {"name": "val/accuracy", "goal": "maximize"},
         "parameters": {"lr": {"distribution": "log_uniform_values", "min": 1e-5, "max": 0.1},
          "hidden": {"values": [16, 32, 64]}, "width": {"min": 1e6, "max": 1e7}}}""");
    task.set("sweep_config", config);
    return task;
  }
}
