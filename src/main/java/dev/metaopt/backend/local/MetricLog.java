package dev.metaopt.backend.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.io.ProgramOutput;
import dev.metaopt.json.Json;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What a trial has logged: JSON lines on stdout ({@code {"val/accuracy": 0.91, "_step": 3}}), the
 * same on {@code METAOPT_METRICS_FILE}, or the {@code wandb-summary.json} of a W&B offline run,
 * read in that order (the summary last, as W&B's run summary is the final word).
 */
final class MetricLog {
  private final List<LoggedLines> sources;

  private MetricLog(List<LoggedLines> sources) {
    this.sources = sources;
  }

  /** Reads everything trial {@code files} has logged for {@code metric}, the trial having ended. */
  static MetricLog read(TrialProcess.TrialFiles files, String metric) {
    LoggedLines stdout = new LoggedLines(metric);
    stdout.update(files.stdout(), true);
    LoggedLines metricsFile = new LoggedLines(metric);
    metricsFile.update(files.metrics(), true);
    return of(stdout, metricsFile, files, metric);
  }

  /**
   * What a trial still running has logged for {@code metric}, its stdout so far captured in
   * memory ({@code stdout}) rather than in its file.
   */
  static MetricLog read(String stdout, TrialProcess.TrialFiles files, String metric) {
    LoggedLines lines = new LoggedLines(metric);
    stdout.lines().forEach(lines::add);
    LoggedLines metricsFile = new LoggedLines(metric);
    metricsFile.update(files.metrics(), false);
    return of(lines, metricsFile, files, metric);
  }

  /** The log of what {@code stdout} and {@code metricsFile} have read, with the W&B summary. */
  static MetricLog of(LoggedLines stdout, LoggedLines metricsFile, TrialProcess.TrialFiles files,
      String metric) {
    LoggedLines summary = new LoggedLines(metric);
    summary(files.wandbDir()).ifPresent(summary::add);
    return new MetricLog(List.of(stdout, metricsFile, summary));
  }

  private static Optional<JsonNode> summary(Path wandbDir) {
    Path runs = wandbDir.resolve("wandb");
    if (!Files.isDirectory(runs)) {
      return Optional.empty();
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(runs, "offline-run-*")) {
      for (Path dir : dirs) {
        Path file = dir.resolve("files").resolve("wandb-summary.json");
        if (Files.isRegularFile(file)) {
          return Optional.of(Json.parse(ProgramOutput.read(file)));
        }
      }
    } catch (IOException e) {
      return Optional.empty(); // being written: read at the next poll
    }
    return Optional.empty();
  }

  /** The last logged value (what W&B reports as the run's summary), NaN when none. */
  double last() {
    for (int s = sources.size() - 1; s >= 0; s--) {
      LoggedLines source = sources.get(s);
      if (source.size() > 0) {
        return source.value(source.size() - 1);
      }
    }
    return Double.NaN;
  }

  /** The value at or just before {@code step}, NaN when the trial has not reached it. */
  double at(int step) {
    double value = Double.NaN;
    int lastStep = Integer.MIN_VALUE;
    for (LoggedLines source : sources) {
      for (int i = 0; i < source.size(); i++) {
        if (source.step(i) <= step) {
          value = source.value(i);
        }
        lastStep = source.step(i);
      }
    }
    return lastStep < step ? Double.NaN : value;
  }

  boolean isEmpty() {
    return sources.stream().allMatch(s -> s.size() == 0);
  }

  /** Every metric name the trial logged a number for, sorted. */
  Set<String> names() {
    Set<String> names = new TreeSet<>();
    sources.forEach(s -> names.addAll(s.names()));
    return names;
  }

  /**
   * Why the trial must stop, as evidence ("loss = NaN at step 3"), when the objective was logged
   * as NaN or ±infinity; else null. A loss that has gone NaN stays NaN (every later step computes
   * from it), so the trial is stopped at once, as Keras' {@code TerminateOnNaN} and Lightning's
   * {@code EarlyStopping(check_finite=True)} stop training on their monitored metric.
   */
  String nonFinite() {
    return first(r -> r.nonFinite);
  }

  /** The JSON of a value of the objective that was not a number ({@code "0.53"}), or null. */
  String notANumber() {
    return first(r -> r.notANumber);
  }

  /** A line that printed the objective as a Python dict ({@code {'loss': 0.5}}), or null. */
  String pythonDict() {
    return first(r -> r.pythonDict);
  }

  private String first(Function<LoggedLines.Readings, String> reading) {
    return sources.stream().map(s -> reading.apply(s.readings())).filter(r -> r != null)
        .findFirst().orElse(null);
  }
}
