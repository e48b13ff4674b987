package dev.metaopt.backend.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.io.ProgramOutput;
import dev.metaopt.json.Json;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a trial has logged: JSON lines on stdout ({@code {"val/accuracy": 0.91, "_step": 3}}), the
 * same on {@code METAOPT_METRICS_FILE}, or the {@code wandb-summary.json} of a W&B offline run.
 */
final class MetricLog {
  /** One logged value of the objective metric. */
  record Point(int step, double value) {}

  private final List<Point> points;
  private final Set<String> names;
  private final Readings readings;

  private MetricLog(List<Point> points, Set<String> names, Readings readings) {
    this.points = points;
    this.names = names;
    this.readings = readings;
  }

  /** What was seen of the objective besides its finite numbers: the first in each kind. */
  private static final class Readings {
    /** "loss = NaN at step 3": the first value that is not a finite number. */
    String nonFinite;
    /** The JSON of the first value that is not a number at all ({@code "0.53"}, {@code null}). */
    String notANumber;
    /** The first line that printed the objective in a Python dict instead of JSON. */
    String pythonDict;
  }

  /** Reads everything trial {@code files} has logged for {@code metric}. */
  static MetricLog read(TrialProcess.TrialFiles files, String metric) {
    return read(lines(files.stdout()), files, metric);
  }

  /**
   * What a trial still running has logged for {@code metric}, its stdout so far captured in
   * memory ({@code stdout}) rather than in its file.
   */
  static MetricLog read(String stdout, TrialProcess.TrialFiles files, String metric) {
    return read(stdout.lines().toList(), files, metric);
  }

  private static MetricLog read(List<String> stdout, TrialProcess.TrialFiles files,
      String metric) {
    List<Point> points = new ArrayList<>();
    Readings readings = new Readings();
    Set<String> names = new TreeSet<>();
    for (List<String> source : List.of(stdout, lines(files.metrics()))) {
      for (String line : source) {
        String trimmed = line.strip();
        if (!trimmed.startsWith("{")) {
          continue;
        }
        try {
          JsonNode record = Json.parse(trimmed);
          collect(record, metric, points.size(), points, readings);
          names(record, names);
        } catch (IOException notJson) {
          // an ordinary log line that happens to start with '{', or a Python dict printed as
          // is: Hugging Face's Trainer prints its logs so ({'eval_loss': 0.53, 'epoch': 1.0})
          if (readings.pythonDict == null && trimmed.contains("'" + metric + "':")) {
            readings.pythonDict = trimmed;
          }
        }
      }
    }
    summary(files.wandbDir()).ifPresent(s -> {
      collect(s, metric, points.size(), points, readings);
      names(s, names);
    });
    return new MetricLog(points, names, readings);
  }

  /** Names of logged numbers; W&B's own bookkeeping ({@code _step}, {@code _runtime}) aside. */
  private static void names(JsonNode record, Set<String> names) {
    record.fields().forEachRemaining(field -> {
      if (field.getValue().isNumber() && !field.getKey().startsWith("_")) {
        names.add(field.getKey());
      }
    });
  }

  /**
   * Adds the objective's value in {@code record}, if any. Only the objective is judged: other
   * numbers may be NaN, infinite or huge in a healthy run (under fp16 mixed precision a step whose
   * gradients overflowed is skipped and its {@code grad_norm} logged as NaN or inf while the loss
   * goes on falling; Hugging Face's Trainer logs {@code total_flos}, 1e15 and more, to the W&B
   * summary), so they are never a reason to stop a trial.
   */
  private static void collect(JsonNode record, String metric, int index, List<Point> points,
      Readings readings) {
    JsonNode value = record.get(metric);
    if (value == null) {
      return;
    }
    int step = record.path("_step").asInt(index);
    if (!value.isNumber()) {
      readings.notANumber = readings.notANumber != null ? readings.notANumber : value.toString();
      return;
    }
    if (!Double.isFinite(value.asDouble()) && readings.nonFinite == null) {
      readings.nonFinite = metric + " = " + value.asDouble() + " at step " + step;
    }
    points.add(new Point(step, value.asDouble()));
  }

  private static java.util.Optional<JsonNode> summary(Path wandbDir) {
    Path runs = wandbDir.resolve("wandb");
    if (!Files.isDirectory(runs)) {
      return java.util.Optional.empty();
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(runs, "offline-run-*")) {
      for (Path dir : dirs) {
        Path file = dir.resolve("files").resolve("wandb-summary.json");
        if (Files.isRegularFile(file)) {
          return java.util.Optional.of(Json.parse(ProgramOutput.read(file)));
        }
      }
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.empty();
  }

  private static List<String> lines(Path file) {
    try {
      return ProgramOutput.lines(file);
    } catch (IOException e) {
      return List.of(); // unreadable now (removed while read): read it at the next poll
    }
  }

  /** The last logged value (what W&B reports as the run's summary), NaN when none. */
  double last() {
    return points.isEmpty() ? Double.NaN : points.get(points.size() - 1).value();
  }

  /** The value at or just before {@code step}, NaN when the trial has not reached it. */
  double at(int step) {
    double value = Double.NaN;
    for (Point p : points) {
      if (p.step() <= step) {
        value = p.value();
      }
    }
    return points.isEmpty() || points.get(points.size() - 1).step() < step ? Double.NaN : value;
  }

  boolean isEmpty() {
    return points.isEmpty();
  }

  /** Every metric name the trial logged a number for, sorted. */
  Set<String> names() {
    return names;
  }

  /**
   * Why the trial must stop, as evidence ("loss = NaN at step 3"), when the objective was logged
   * as NaN or ±infinity; else null. A loss that has gone NaN stays NaN (every later step computes
   * from it), so the trial is stopped at once, as Keras' {@code TerminateOnNaN} and Lightning's
   * {@code EarlyStopping(check_finite=True)} stop training on their monitored metric.
   */
  String nonFinite() {
    return readings.nonFinite;
  }

  /** The JSON of a value of the objective that was not a number ({@code "0.53"}), or null. */
  String notANumber() {
    return readings.notANumber;
  }

  /** A line that printed the objective as a Python dict ({@code {'loss': 0.5}}), or null. */
  String pythonDict() {
    return readings.pythonDict;
  }
}
