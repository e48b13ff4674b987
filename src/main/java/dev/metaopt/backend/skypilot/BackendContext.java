package dev.metaopt.backend.skypilot;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.io.AtomicFiles;
import dev.metaopt.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one operation needs: the campaign facts of the task, the tools (each with only the
 * environment it needs), the W&B API, the launch records under {@code .ml-metaopt/skypilot/}, and
 * the teardown every path shares.
 */
final class BackendContext {
  private static final Logger log = LoggerFactory.getLogger(BackendContext.class);

  final ObjectNode task;
  final String entity;
  final String project;
  final Path dir;
  final Cli sky;
  final Cli skyLaunch;
  final Cli wandb;
  final WandbApi api;
  final Teardown teardown;
  final AgentTask.Settings settings;
  final SkyPilotBackend.Limits limits;
  final Clock clock;
  private final Map<String, String> environment;

  BackendContext(ObjectNode task, Map<String, String> environment, SkyPilotBackend.Limits limits,
      Clock clock, WandbHttp.Sleeper sleeper) {
    this.task = task;
    this.environment = environment;
    this.limits = limits;
    this.clock = clock;
    this.entity = task.path("wandb").path("entity").asText();
    this.project = task.path("wandb").path("project").asText();
    Path metaopt = Path.of(task.path("metaopt_dir").asText());
    this.dir = metaopt.resolve("skypilot");
    Path projectDir = Path.of(task.path("project_dir").asText());
    Path logFile = metaopt.resolve("logs").resolve("skypilot.log");
    this.sky = new Cli(projectDir, ToolEnvironment.sky(environment), logFile);
    this.skyLaunch = new Cli(projectDir, ToolEnvironment.skyLaunch(environment), logFile);
    this.wandb = new Cli(projectDir, ToolEnvironment.wandb(environment), logFile);
    this.api = new WandbApi(new WandbHttp(environment.get("WANDB_BASE_URL"),
        environment.get("WANDB_API_KEY"), sleeper));
    this.teardown = new Teardown(sky, limits.launch(), limits.quick());
    this.settings = AgentTask.Settings.of(task, environment);
  }

  Path recordFile(String key) {
    return dir.resolve(key + ".json");
  }

  Optional<LaunchRecord> load(String key) throws IOException {
    Path file = recordFile(key);
    return Files.exists(file) ? Optional.of(Json.mapper().readValue(Files.readString(file),
        LaunchRecord.class)) : Optional.empty();
  }

  /** The record of the launch that created {@code sweepId}. */
  Optional<LaunchRecord> bySweep(String sweepId) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (var files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        LaunchRecord record = Json.mapper().readValue(Files.readString(file),
            LaunchRecord.class);
        if (sweepId.equals(record.sweepId)) {
          return Optional.of(record);
        }
      }
    }
    return Optional.empty();
  }

  void save(LaunchRecord record) {
    AtomicFiles.writeString(recordFile(record.key), Json.pretty(Json.toTree(record)));
  }

  String sweepUrl(String sweepId) {
    String base = environment.getOrDefault("WANDB_APP_URL",
        environment.getOrDefault("WANDB_BASE_URL", "https://wandb.ai"))
        .replace("//api.", "//").replaceAll("/+$", "");
    return base + "/" + entity + "/" + project + "/sweeps/" + sweepId;
  }

  /**
   * Cancels the sweep (once) and takes every agent the record ever started down; what is not
   * confirmed down stays in {@code pendingDown} for the next poll or stop.
   */
  void stopAll(LaunchRecord record, String reason) {
    if (record.sweepPath != null && !record.sweepCancelled) {
      record.sweepCancelled = wandb.run(limits.quick(),
          List.of("wandb", "sweep", "--cancel", record.sweepPath)).ok();
    }
    if (!record.stopped) {
      record.stopped = true;
      record.stopReason = reason;
      List<String> all = new ArrayList<>(record.attempted);
      record.clusters.stream().filter(c -> !all.contains(c)).forEach(all::add);
      record.pendingDown = all;
    }
    retryPendingDown(record);
  }

  /** One more attempt at the agents whose teardown was not confirmed. */
  void retryPendingDown(LaunchRecord record) {
    if (record.pendingDown.isEmpty()) {
      return;
    }
    record.pendingDown = new ArrayList<>(teardown.down(record.pendingDown, record.managed));
    if (record.pendingDown.isEmpty() && record.stopped && record.downAt == null) {
      record.downAt = Instant.now(clock).toString();
    } else if (!record.pendingDown.isEmpty()) {
      log.warn("not confirmed down yet (retried on the next poll): {}", record.pendingDown);
    }
    save(record);
  }

  /** Takes one agent down now (a hung run's), leaving it pending if that is not confirmed. */
  void downOne(LaunchRecord record, String agent) {
    List<String> left = teardown.down(List.of(agent), record.managed);
    if (!left.isEmpty() && !record.pendingDown.contains(agent)) {
      record.pendingDown.add(agent);
    }
  }

  /**
   * Starts the local SkyPilot API server with {@code sky api start} unless a remote one is
   * configured: a server auto-started by some other {@code sky} call is that call's child, and a
   * timed-out call is killed with its process tree, server included (sky/server/common.py).
   */
  boolean ensureApiServer() {
    if (environment.containsKey("SKYPILOT_API_SERVER_ENDPOINT")) {
      return true;
    }
    return sky.run(limits.quick(), List.of("sky", "api", "start")).ok();
  }
}
