package dev.metaopt.backend.skypilot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.backend.ExecutionBackend;
import dev.metaopt.backend.SmokeTest;
import dev.metaopt.campaign.Campaign;
import dev.metaopt.io.AtomicFiles;
import dev.metaopt.io.CrashPoints;
import dev.metaopt.json.Json;
import dev.metaopt.protocol.Operation;
import dev.metaopt.worker.LaunchKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SkyPilot + W&B execution backend for every non-local {@code compute.provider}: a W&B sweep
 * registered with {@code wandb sweep}, one {@code sky launch} per agent running
 * {@code wandb agent}, progress and the best run read through the W&B public API, spend from
 * {@code sky cost-report}. Launches are atomic (a failure cancels the sweep and tears down what
 * came up) and idempotent (deterministic names, a persisted record, and a lookup of the sweep by
 * name), so a launch retried after a crash never creates a second sweep or cluster. Never uses
 * raw SSH, provider APIs, {@code sky exec} or Ray.
 */
public final class SkyPilotBackend implements ExecutionBackend {
  static final Duration LAUNCH_TIMEOUT = Duration.ofMinutes(20);
  static final Duration QUICK_TIMEOUT = Duration.ofMinutes(2);
  private static final Pattern CREATED = Pattern.compile("Created sweep with ID: ([A-Za-z0-9]+)");
  private static final Pattern AGENT = Pattern.compile("wandb agent \\S+/\\S+/([A-Za-z0-9]+)");

  private final Map<String, String> environment;
  private final Clock clock;

  public SkyPilotBackend(Map<String, String> environment, Clock clock) {
    this.environment = Map.copyOf(environment);
    this.clock = clock;
  }

  @Override
  public ObjectNode handle(ObjectNode task) {
    Context ctx = new Context(task);
    String operation = task.path("operation").asText();
    try {
      return switch (Operation.parse(operation).orElseThrow(
          () -> new IllegalArgumentException("unknown operation '" + operation + "'"))) {
        case RUN_SMOKE_TEST -> SmokeTest.forTask(task, environment, SmokeTest.LIMIT);
        case LAUNCH_SWEEP -> launch(ctx);
        case POLL_SWEEP -> new SkyPilotPoll(ctx, clock).poll(task);
        case STOP_SWEEP -> stop(ctx, task.path("sweep_id").asText(),
            task.path("reason").asText("stopped"));
      };
    } catch (IOException e) {
      throw new IllegalStateException("SkyPilot backend: " + e.getMessage(), e);
    }
  }

  /** Everything one operation needs: names, tools, API and the records' directory. */
  final class Context {
    final ObjectNode task;
    final String entity;
    final String project;
    final Path dir;
    final Cli cli;
    final WandbApi api;

    Context(ObjectNode task) {
      this.task = task;
      this.entity = task.path("wandb").path("entity").asText();
      this.project = task.path("wandb").path("project").asText();
      Path metaopt = Path.of(task.path("metaopt_dir").asText());
      this.dir = metaopt.resolve("skypilot");
      this.cli = new Cli(Path.of(task.path("project_dir").asText()), toolEnvironment(),
          metaopt.resolve("logs").resolve("skypilot.log"));
      this.api = new WandbApi(environment.get("WANDB_BASE_URL"), environment.get("WANDB_API_KEY"));
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
        for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
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
      String base = environment.getOrDefault("WANDB_BASE_URL", "https://wandb.ai")
          .replace("api.wandb.ai", "wandb.ai").replaceAll("/+$", "");
      return base + "/" + entity + "/" + project + "/sweeps/" + sweepId;
    }

    /** Tears down every cluster of the record and cancels its sweep (best effort, logged). */
    void teardown(LaunchRecord record) {
      if (record.sweepPath != null) {
        cli.run(QUICK_TIMEOUT, List.of("wandb", "sweep", "--cancel", record.sweepPath));
      }
      for (String cluster : record.clusters) {
        cli.run(LAUNCH_TIMEOUT, List.of("sky", "down", "-y", cluster));
      }
    }
  }

  private ObjectNode launch(Context ctx) throws IOException {
    String key = "mo-" + LaunchKey.of(ctx.task);
    LaunchRecord record = ctx.load(key).orElseGet(() -> {
      LaunchRecord fresh = new LaunchRecord();
      fresh.key = key;
      return fresh;
    });
    if (record.error != null) {
      return failure(record.error);
    }
    if (record.sweepId == null) {
      Optional<String> failure = register(ctx, record);
      if (failure.isPresent()) {
        record.error = failure.get();
        ctx.save(record);
        return failure(record.error);
      }
    }
    int agents = Campaign.Compute.from(ctx.task.path("compute")).numSweepAgents();
    for (int i = 1; i <= agents; i++) {
      String cluster = key + "-" + i;
      if (record.clusters.contains(cluster)) {
        continue;
      }
      if (!isUp(ctx, cluster)) {
        Cli.Result launched = ctx.cli.run(LAUNCH_TIMEOUT, launchCommand(ctx, record, cluster));
        if (!launched.ok()) {
          ctx.teardown(record);
          record.error = "sky launch failed for agent " + i + " of " + agents + " (" + cluster
              + "): " + lastLine(launched.output()) + "; the sweep was cancelled and "
              + record.clusters.size() + " running agent(s) torn down";
          record.stopped = true;
          ctx.save(record);
          return failure(record.error);
        }
      }
      record.clusters.add(cluster);
      ctx.save(record);
    }
    if (record.launchedAt == null) {
      record.launchedAt = Instant.now(clock).toString();
      ctx.save(record);
    }
    ObjectNode result = Json.object();
    result.put("operation", Operation.LAUNCH_SWEEP.wireName());
    result.put("exit_code", 0);
    result.put("sweep_id", record.sweepId);
    result.put("sweep_url", ctx.sweepUrl(record.sweepId));
    record.clusters.forEach(result.putArray("sky_job_ids")::add);
    result.put("launched_at", record.launchedAt);
    return result;
  }

  /** Finds the sweep a crashed launch registered, or registers it; empty on success. */
  private Optional<String> register(Context ctx, LaunchRecord record) throws IOException {
    String name = "metaopt-" + record.key;
    Optional<String> existing = ctx.api.findSweep(ctx.entity, ctx.project, name);
    String sweepId = existing.orElse(null);
    if (sweepId == null) {
      ObjectNode config = ctx.task.path("sweep_config").deepCopy();
      config.put("name", name);
      Path file = ctx.dir.resolve(record.key).resolve("sweep.yaml");
      AtomicFiles.writeString(file, Json.pretty(config)); // JSON is valid YAML
      Cli.Result created = ctx.cli.run(QUICK_TIMEOUT, List.of("wandb", "sweep", "--entity",
          ctx.entity, "--project", ctx.project, file.toString()));
      sweepId = parseSweepId(created.output());
      if (!created.ok() || sweepId == null) {
        return Optional.of("wandb sweep failed: " + lastLine(created.output()));
      }
    }
    CrashPoints.reach("after wandb sweep created " + sweepId + ", before recording it");
    record.sweepId = sweepId;
    record.sweepPath = ctx.entity + "/" + ctx.project + "/" + sweepId;
    ctx.save(record);
    return Optional.empty();
  }

  private List<String> launchCommand(Context ctx, LaunchRecord record, String cluster) {
    Campaign.Compute compute = Campaign.Compute.from(ctx.task.path("compute"));
    String provider = compute.provider();
    ObjectNode spec = Json.object();
    spec.put("name", cluster);
    spec.put("workdir", ctx.task.path("project_dir").asText());
    ObjectNode resources = spec.putObject("resources");
    resources.put("infra", provider.equals("vast_ai") ? "vast" : provider);
    resources.put("accelerators", compute.accelerator());
    ObjectNode envs = spec.putObject("envs");
    envs.put("WANDB_ENTITY", ctx.entity);
    envs.put("WANDB_PROJECT", ctx.project);
    envs.put("WANDB_RUN_GROUP", cluster); // maps each run to the cluster that runs it
    spec.put("run", "wandb agent " + record.sweepPath);
    Path file = ctx.dir.resolve(record.key).resolve(cluster + ".yaml");
    AtomicFiles.writeString(file, Json.pretty(spec));
    int idle = (int) Math.round(compute.idleTimeoutMinutes());
    // "--env NAME" without a value makes sky read it from our environment: the key is never
    // written into a file or an argument.
    return List.of("sky", "launch", "-y", "-d", "-c", cluster, "-i", Integer.toString(idle),
        "--env", "WANDB_API_KEY", file.toString());
  }

  private static boolean isUp(Context ctx, String cluster) {
    Cli.Result status = ctx.cli.run(QUICK_TIMEOUT, List.of("sky", "status", cluster));
    return status.ok() && status.output().contains(cluster) && status.output().contains("UP");
  }

  ObjectNode stop(Context ctx, String sweepId, String reason) throws IOException {
    ObjectNode result = Json.object();
    result.put("operation", Operation.STOP_SWEEP.wireName());
    result.put("exit_code", 0);
    result.put("sweep_id", sweepId);
    var stopped = result.putArray("stopped_runs");
    Optional<LaunchRecord> record = ctx.bySweep(sweepId);
    if (record.isPresent() && !record.get().stopped) {
      ctx.teardown(record.get());
      record.get().clusters.forEach(stopped::add);
      record.get().stopped = true;
      record.get().stopReason = reason;
      ctx.save(record.get());
    }
    return result;
  }

  static String parseSweepId(String output) {
    for (Pattern pattern : List.of(CREATED, AGENT)) {
      Matcher matcher = pattern.matcher(output);
      if (matcher.find()) {
        return matcher.group(1);
      }
    }
    return null;
  }

  private static ObjectNode failure(String error) {
    ObjectNode result = Json.object();
    result.put("operation", Operation.LAUNCH_SWEEP.wireName());
    result.put("exit_code", 1);
    result.putNull("sweep_id");
    result.put("error", error);
    return result;
  }

  private static String lastLine(String output) {
    List<String> lines = new ArrayList<>(output.strip().lines().toList());
    return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1).strip();
  }

  /** What the tools get: the base variables, W&B's, and cloud credentials by their names. */
  private Map<String, String> toolEnvironment() {
    Map<String, String> env = new java.util.LinkedHashMap<>(
        dev.metaopt.worker.MinimalEnvironment.from(environment));
    environment.forEach((name, value) -> {
      if (name.startsWith("WANDB_") || name.startsWith("SKYPILOT_") || name.startsWith("AWS_")
          || name.startsWith("GOOGLE_") || name.startsWith("AZURE_") || name.equals("KUBECONFIG")
          || name.startsWith("VAST_") || name.startsWith("RUNPOD_") || name.startsWith("LAMBDA_")) {
        env.put(name, value);
      }
    });
    return env;
  }
}
