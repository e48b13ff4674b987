package dev.metaopt.backend.skypilot;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.io.AtomicFiles;
import dev.metaopt.io.CrashPoints;
import dev.metaopt.json.Json;
import dev.metaopt.protocol.Operation;
import dev.metaopt.worker.LaunchKey;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code launch_sweep}: registers the sweep (or finds the one a crashed launch registered) and
 * starts every agent at once, so the whole launch takes about one agent's launch time and the
 * first agent does not spend alone while the others provision one after another. Any failure or
 * timeout cancels the sweep and takes every started agent down, the failed one included (SkyPilot
 * keeps a cluster whose set-up failed "for debugging purposes"), confirmed and retried.
 */
final class SweepLauncher {
  /** {@code wandb sweep} prints "Creating sweep with ID: <id>" (wandb/cli/cli.py sweep()). */
  private static final Pattern CREATED =
      Pattern.compile("(?:Creating|Created) sweep with ID: ([A-Za-z0-9]+)");
  private static final Pattern AGENT = Pattern.compile("wandb agent \\S+/\\S+/([A-Za-z0-9]+)");
  private static final int TEARDOWN_ATTEMPTS = 3;

  private final BackendContext ctx;

  SweepLauncher(BackendContext ctx) {
    this.ctx = ctx;
  }

  ObjectNode launch() throws IOException {
    String key = "mo-" + LaunchKey.of(ctx.task);
    LaunchRecord record = ctx.load(key).orElseGet(() -> {
      LaunchRecord fresh = new LaunchRecord();
      fresh.key = key;
      fresh.managed = ctx.settings.useSpot();
      return fresh;
    });
    if (record.error != null) {
      return failure(record.error);
    }
    WorkdirExclusion.ensure(ctx.settings.projectDir());
    ctx.ensureApiServer();
    if (record.sweepId == null) {
      Optional<String> failure = register(record);
      if (failure.isPresent()) {
        record.error = failure.get();
        ctx.save(record);
        return failure(record.error);
      }
    }
    int agents = ctx.settings.compute().numSweepAgents();
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= agents; i++) {
      names.add(key + "-" + i);
    }
    Optional<String> failed = startAgents(record, names);
    if (failed.isPresent()) {
      return failure(abort(record, failed.get()));
    }
    if (record.launchedAt == null) {
      record.launchedAt = Instant.now(ctx.clock).toString();
      ctx.save(record);
    }
    ObjectNode result = Json.object();
    result.put("operation", Operation.LAUNCH_SWEEP.wireName());
    result.put("exit_code", 0);
    result.put("sweep_id", record.sweepId);
    result.put("sweep_url", ctx.sweepUrl(record.sweepId));
    record.clusters.stream().sorted(Comparator.comparingInt(SweepLauncher::index))
        .forEach(result.putArray("sky_job_ids")::add);
    result.put("launched_at", record.launchedAt);
    return result;
  }

  /** Finds the sweep a crashed launch registered, or registers it; empty on success. */
  private Optional<String> register(LaunchRecord record) throws IOException {
    String name = "metaopt-" + record.key;
    String sweepId = ctx.api.findSweep(ctx.entity, ctx.project, name).orElse(null);
    if (sweepId == null) {
      ObjectNode config = SweepConfig.of(ctx.task, name);
      Path file = sweepFile(ctx.dir, record.key);
      AtomicFiles.writeString(file, PyYamlText.of(config));
      Cli.Result created = ctx.wandb.run(ctx.limits.quick(),
          sweepArgv(ctx.entity, ctx.project, file));
      sweepId = parseSweepId(created.output());
      if (sweepId == null && created.ok()) {
        // Whatever silenced it, the sweep exists: find it by its name.
        sweepId = ctx.api.findSweep(ctx.entity, ctx.project, name).orElse(null);
      }
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

  /** Starts every agent not known to be up, all at once; the first failure, if any. */
  private Optional<String> startAgents(LaunchRecord record, List<String> names)
      throws IOException {
    List<String> todo = names.stream().filter(n -> !record.clusters.contains(n)).toList();
    if (todo.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> statuses = record.managed ? Map.of()
        : ctx.teardown.status(todo, false).orElse(Map.of());
    List<String> launch = new ArrayList<>();
    for (String name : todo) {
      if ("UP".equals(statuses.get(name))) {
        record.clusters.add(name); // up from before a crash: never launched twice
      } else {
        launch.add(name);
        if (!record.attempted.contains(name)) {
          record.attempted.add(name);
        }
      }
    }
    ctx.save(record); // every agent is recorded before it is started: a crash leaks none
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, launch.size()));
    try {
      List<Future<Cli.Result>> results = new ArrayList<>();
      for (String name : launch) {
        results.add(pool.submit(() -> launchOne(record, name)));
      }
      String failure = null;
      for (int i = 0; i < launch.size(); i++) {
        Cli.Result result = results.get(i).get();
        if (result.ok()) {
          record.clusters.add(launch.get(i));
        } else if (failure == null) {
          failure = "sky launch " + (result.timedOut() ? "timed out after "
              + ctx.limits.launch().toSeconds() + " s" : "failed") + " for agent "
              + index(launch.get(i)) + " of " + names.size() + " (" + launch.get(i) + "): "
              + lastLine(result.output());
        }
      }
      ctx.save(record);
      return Optional.ofNullable(failure);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IOException("launching agents: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while launching agents", e);
    } finally {
      pool.shutdownNow();
    }
  }

  private Cli.Result launchOne(LaunchRecord record, String name) {
    if (record.managed) {
      // A managed job name is not unique: cancel a copy a crashed launch may have submitted.
      ctx.sky.run(ctx.limits.quick(), List.of("sky", "jobs", "cancel", "-y", "-n", name));
    }
    Path file = taskFile(ctx.dir, record.key, name);
    AtomicFiles.writeString(file, PyYamlText.of(AgentTask.spec(ctx.settings, name,
        record.sweepPath)));
    return ctx.skyLaunch.run(ctx.limits.launch(), AgentTask.argv(ctx.settings, name, file));
  }

  /** Cancels the sweep, takes every started agent down (retried), records the error. */
  private String abort(LaunchRecord record, String failure) {
    ctx.stopAll(record, "launch failed");
    for (int attempt = 1; attempt < TEARDOWN_ATTEMPTS && !record.pendingDown.isEmpty();
        attempt++) {
      ctx.retryPendingDown(record);
    }
    int started = record.attempted.size();
    record.error = failure + "; the sweep was cancelled and " + (started
        - record.pendingDown.size()) + " of " + started + " started agent(s) torn down"
        + (record.pendingDown.isEmpty() ? "" : "; STILL UP, take down by hand: sky down -y "
        + String.join(" ", record.pendingDown));
    ctx.save(record);
    return record.error;
  }

  /** Where the sweep config of launch {@code key} is written. */
  static Path sweepFile(Path skypilotDir, String key) {
    return skypilotDir.resolve(key).resolve("sweep.yaml");
  }

  /** Where the task of agent {@code name} of launch {@code key} is written. */
  static Path taskFile(Path skypilotDir, String key, String name) {
    return skypilotDir.resolve(key).resolve(name + ".yaml");
  }

  /** The command that registers the sweep in {@code file}. */
  static List<String> sweepArgv(String entity, String project, Path file) {
    return List.of("wandb", "sweep", "--entity", entity, "--project", project, file.toString());
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

  private static int index(String name) {
    return Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
  }

  private static ObjectNode failure(String error) {
    ObjectNode result = Json.object();
    result.put("operation", Operation.LAUNCH_SWEEP.wireName());
    result.put("exit_code", 1);
    result.putNull("sweep_id");
    result.put("error", error);
    return result;
  }

  static String lastLine(String output) {
    List<String> lines = output.strip().lines().filter(l -> !l.isBlank()).toList();
    return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1).strip();
  }
}
