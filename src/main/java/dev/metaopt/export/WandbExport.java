package dev.metaopt.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.ExitCode;
import dev.metaopt.MetaoptException;
import dev.metaopt.backend.TrialRecord;
import dev.metaopt.backend.local.LocalTrials;
import dev.metaopt.io.AtomicFiles;
import dev.metaopt.json.Json;
import dev.metaopt.results.CampaignTrials;
import dev.metaopt.results.TrialRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes each local trial as a W&B offline run directory, laid out as {@code wandb} lays one out
 * ({@code wandb/sdk/wandb_settings.py}: {@code sync_dir} = {@code <dir>/offline-run-<start
 * YYYYMMDD_HHMMSS>-<run id>}, {@code sync_file} = {@code run-<run id>.wandb}, {@code files_dir}
 * = {@code files/}), so {@code wandb sync <dir>} uploads it. The {@code .wandb} log holds a
 * header, the run (config, group = sweep, tags), one history record per logged line, the final
 * summary and the exit record; {@code files/} holds {@code config.yaml},
 * {@code wandb-summary.json} and {@code wandb-metadata.json} for people reading the directory.
 * A run already exported is left as it is.
 */
public final class WandbExport {
  private static final DateTimeFormatter TIMESPEC =
      DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

  /**
   * What was written.
   *
   * @param written run directories created
   * @param skipped runs whose directory already existed
   */
  public record Result(List<Path> written, List<Path> skipped) {}

  private WandbExport() {}

  /** Exports every trial of a local campaign into {@code dir}. */
  public static Result export(CampaignTrials trials, Path dir, String entity, String project,
      String producer) {
    if (!trials.facts().local()) {
      throw new MetaoptException(ExitCode.USAGE, "campaign '" + trials.facts().name()
          + "' ran on SkyPilot + W&B: its runs are already in W&B project "
          + trials.facts().entity() + "/" + trials.facts().project() + "; nothing to export");
    }
    List<Path> written = new ArrayList<>();
    List<Path> skipped = new ArrayList<>();
    for (TrialRow row : trials.rows()) {
      TrialRecord t = row.trial();
      if (t.started() == null) {
        continue; // never started: W&B has no run for it either
      }
      Path runDir = dir.resolve("offline-run-" + TIMESPEC.format(t.started()) + "-" + t.runId());
      if (Files.exists(runDir)) {
        skipped.add(runDir);
        continue;
      }
      List<ObjectNode> history = LocalTrials.history(trials.layout().metaoptDir(), t.sweepId(),
          t.runId());
      WandbRecords.RunInfo info = new WandbRecords.RunInfo(t.runId(), entity, project,
          t.sweepId(), "metaopt-trial", t.runId(), "metaopt campaign " + trials.facts().name()
              + ", iteration " + row.iteration() + ", state " + t.state()
              + (t.reason() == null ? "" : " (" + t.reason() + ")"),
          List.of("metaopt", "iteration-" + row.iteration(), t.state()), "localhost",
          t.started());
      // built aside and renamed into place: a crash never leaves a half-written run behind
      Path staging = dir.resolve(".partial-" + runDir.getFileName());
      deleteTree(staging);
      write(staging, t, info, history, producer);
      try {
        Files.move(staging, runDir, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw AtomicFiles.ioFailure("could not move " + staging + " to " + runDir, e);
      }
      written.add(runDir);
    }
    return new Result(written, skipped);
  }

  private static void write(Path runDir, TrialRecord t, WandbRecords.RunInfo info,
      List<ObjectNode> history, String producer) {
    Map<String, String> config = new LinkedHashMap<>();
    t.config().forEach((k, v) -> config.put(k, WandbJson.of(v)));
    TransactionLog log = new TransactionLog();
    long num = 0;
    log.append(WandbRecords.header(++num, producer));
    log.append(WandbRecords.run(++num, info, config));
    long step = 0;
    for (ObjectNode line : history) {
      Map<String, String> values = new LinkedHashMap<>();
      line.fields().forEachRemaining(f -> {
        if (!f.getKey().startsWith("_")) {
          values.put(f.getKey(), WandbJson.of(f.getValue()));
        }
      });
      log.append(WandbRecords.history(++num, step++, values));
    }
    Duration runtime = t.duration() == null ? Duration.ZERO : t.duration();
    ObjectNode summary = Json.object();
    t.metrics().forEach(summary::put);
    if (step > 0) {
      summary.put("_step", step - 1);
    }
    summary.put("_runtime", runtime.toMillis() / 1000.0);
    Map<String, String> summaryJson = new LinkedHashMap<>();
    summary.fields().forEachRemaining(f -> summaryJson.put(f.getKey(),
        WandbJson.of(f.getValue())));
    log.append(WandbRecords.summary(++num, summaryJson));
    log.append(WandbRecords.exit(++num, t.hasResult() ? 0 : 1, runtime.toSeconds()));
    Path files = runDir.resolve("files");
    AtomicFiles.write(runDir.resolve("run-" + t.runId() + ".wandb"), log.bytes());
    AtomicFiles.writeString(files.resolve("config.yaml"), configYaml(t.config()));
    AtomicFiles.writeString(files.resolve("wandb-summary.json"), WandbJson.of(summary) + "\n");
    AtomicFiles.writeString(files.resolve("wandb-metadata.json"), Json.pretty(metadata(t)));
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw AtomicFiles.ioFailure("could not remove the unfinished export " + dir, e);
    }
  }

  /**
   * {@code config.yaml} as wandb-core writes it ({@code core/internal/runconfig/runconfig.go}:
   * each key maps to {@code {value: v}}); JSON values are valid YAML flow values.
   */
  static String configYaml(Map<String, JsonNode> config) {
    StringBuilder yaml = new StringBuilder();
    config.forEach((k, v) -> yaml.append(Json.compact(Json.nodes().textNode(k)))
        .append(":\n  value: ").append(Json.compact(v)).append('\n'));
    return yaml.toString();
  }

  private static ObjectNode metadata(TrialRecord t) {
    ObjectNode meta = Json.object();
    meta.put("program", "metaopt trial " + t.runId());
    meta.put("startedAt", t.started() == null ? null : t.started().toString());
    meta.put("host", "localhost");
    meta.put("exported_by", "metaopt export --wandb");
    return meta;
  }
}
