package dev.metaopt.backend.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
  private final String anomaly;
  private final Set<String> names;

  private MetricLog(List<Point> points, String anomaly, Set<String> names) {
    this.points = points;
    this.anomaly = anomaly;
    this.names = names;
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
    String[] anomaly = {null};
    Set<String> names = new TreeSet<>();
    for (List<String> source : List.of(stdout, lines(files.metrics()))) {
      for (String line : source) {
        String trimmed = line.strip();
        if (!trimmed.startsWith("{")) {
          continue;
        }
        try {
          JsonNode record = Json.parse(trimmed);
          collect(record, metric, points.size(), points, anomaly);
          names(record, names);
        } catch (IOException notJson) {
          // an ordinary log line that happens to start with '{'
        }
      }
    }
    summary(files.wandbDir()).ifPresent(s -> {
      collect(s, metric, points.size(), points, anomaly);
      names(s, names);
    });
    return new MetricLog(points, anomaly[0], names);
  }

  /** Names of logged numbers; W&B's own bookkeeping ({@code _step}, {@code _runtime}) aside. */
  private static void names(JsonNode record, Set<String> names) {
    record.fields().forEachRemaining(field -> {
      if (field.getValue().isNumber() && !field.getKey().startsWith("_")) {
        names.add(field.getKey());
      }
    });
  }

  private static void collect(JsonNode record, String metric, int index, List<Point> points,
      String[] anomaly) {
    record.fields().forEachRemaining(field -> {
      JsonNode v = field.getValue();
      if (v.isNumber() && (!Double.isFinite(v.asDouble()) || Math.abs(v.asDouble()) > 1e12)
          && anomaly[0] == null) {
        anomaly[0] = field.getKey().equals(metric) ? "nan" : "diverged";
      }
    });
    JsonNode value = record.path(metric);
    if (value.isNumber()) {
      points.add(new Point(record.path("_step").asInt(index), value.asDouble()));
    }
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
          return java.util.Optional.of(Json.parse(Files.readString(file)));
        }
      }
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.empty();
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      return List.of(); // a partly written UTF-8 sequence: read it at the next poll
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

  /** {@code nan} or {@code diverged} when a logged value is not finite or explodes, else null. */
  String anomaly() {
    return anomaly;
  }
}
