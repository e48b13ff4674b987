package dev.metaopt.backend.skypilot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.campaign.Campaign;
import dev.metaopt.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One sweep agent as a SkyPilot task: the task YAML ({@code name}, {@code workdir},
 * {@code resources}, {@code envs}, {@code setup}, {@code run}, valid against SkyPilot's task and
 * resources schemas, sky/utils/schemas.py) and the {@code sky} command line that launches it.
 *
 * <p>The node gets what it needs to run the user's trainer: {@code setup} installs wandb and the
 * project's requirements (or runs {@code project.setup_command}); {@code WANDB_BASE_URL} and
 * {@code WANDB_APP_URL} are exported so the agent talks to the same W&B server as metaopt; the key
 * travels with {@code --secret WANDB_API_KEY} (read by {@code sky} from our environment, redacted
 * by SkyPilot, never in a file or an argument). A plain agent is a cluster with autodown
 * ({@code -i N --down}: Kubernetes and RunPod refuse autostop, and a stopped VM still bills its
 * disk); a spot agent is a managed job, which SkyPilot recovers after a preemption.
 */
final class AgentTask {
  /** The campaign facts every agent of a sweep shares. */
  record Settings(Campaign.Compute compute, String setup, Path projectDir, Campaign.Wandb wandb,
      Map<String, String> serverUrls) {

    /** From an execution task and metaopt's environment. */
    static Settings of(JsonNode task, Map<String, String> environment) {
      Path projectDir = Path.of(task.path("project_dir").asText());
      Map<String, String> urls = new TreeMap<>();
      for (String name : List.of("WANDB_BASE_URL", "WANDB_APP_URL")) {
        if (environment.get(name) != null && !environment.get(name).isBlank()) {
          urls.put(name, environment.get(name));
        }
      }
      return new Settings(Campaign.Compute.from(task.path("compute")),
          AgentTask.setup(Campaign.Project.from(task.path("project")), projectDir), projectDir,
          Campaign.Wandb.from(task.path("wandb")), urls);
    }

    boolean useSpot() {
      return compute.useSpot();
    }
  }

  private AgentTask() {}

  /** {@code project.setup_command}, else: install wandb and, when present, requirements.txt. */
  static String setup(Campaign.Project project, Path projectDir) {
    if (project.setupCommand().isPresent()) {
      return project.setupCommand().get();
    }
    return Files.isRegularFile(projectDir.resolve("requirements.txt"))
        ? "pip install wandb && pip install -r requirements.txt" : "pip install wandb";
  }

  /** The task of the agent {@code name} running {@code wandb agent <sweepPath>}. */
  static ObjectNode spec(Settings settings, String name, String sweepPath) {
    ObjectNode spec = Json.object();
    spec.put("name", name);
    spec.put("workdir", settings.projectDir().toString());
    ObjectNode resources = spec.putObject("resources");
    resources.put("infra", settings.compute().skyInfra());
    resources.put("accelerators", settings.compute().accelerator());
    if (settings.useSpot()) {
      resources.put("use_spot", true);
    }
    settings.compute().imageId().ifPresent(image -> resources.put("image_id", image));
    ObjectNode envs = spec.putObject("envs");
    envs.put("WANDB_ENTITY", settings.wandb().entity());
    envs.put("WANDB_PROJECT", settings.wandb().project());
    envs.put("WANDB_RUN_GROUP", name); // maps each run to the agent that runs it
    settings.serverUrls().forEach(envs::put);
    if (settings.useSpot()) {
      // A run the sweep hands out again after a preemption continues under its own id.
      envs.put("WANDB_RESUME", "allow");
    }
    spec.put("setup", settings.setup());
    spec.put("run", "wandb agent " + sweepPath);
    return spec;
  }

  /** The command that launches the agent described by {@code taskFile}. */
  static List<String> argv(Settings settings, String name, Path taskFile) {
    List<String> argv = new ArrayList<>(List.of("sky"));
    if (settings.useSpot()) {
      argv.addAll(List.of("jobs", "launch", "-y", "-d", "-n", name));
    } else {
      argv.addAll(List.of("launch", "-y", "-d", "-c", name, "-i",
          Long.toString(Math.round(settings.compute().idleTimeoutMinutes())), "--down"));
    }
    argv.addAll(List.of("--secret", "WANDB_API_KEY", taskFile.toString()));
    return argv;
  }
}
