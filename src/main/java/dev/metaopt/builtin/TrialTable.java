package dev.metaopt.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The trials of one sweep, and what they say about the parameters. */
final class TrialTable {
  record Trial(String runId, String state, JsonNode config, double metric, String reason) {}

  private final List<Trial> finished;
  private final List<Trial> failed;
  private final boolean maximize;

  private TrialTable(List<Trial> finished, List<Trial> failed, boolean maximize) {
    this.finished = finished;
    this.failed = failed;
    this.maximize = maximize;
  }

  static TrialTable of(JsonNode trials, boolean maximize) {
    List<Trial> finished = new ArrayList<>();
    List<Trial> failed = new ArrayList<>();
    for (JsonNode t : trials) {
      JsonNode metric = t.path("metric");
      Trial trial = new Trial(t.path("run_id").asText(), t.path("state").asText(),
          t.path("config"), metric.isNumber() ? metric.asDouble() : Double.NaN,
          t.path("reason").asText(""));
      if (t.path("state").asText().equals("finished") && Double.isFinite(trial.metric())) {
        finished.add(trial);
      } else if (!t.path("state").asText().matches("queued|running")) {
        failed.add(trial);
      }
    }
    return new TrialTable(finished, failed, maximize);
  }

  int finished() {
    return finished.size();
  }

  int failed() {
    return failed.size();
  }

  Optional<Trial> best() {
    Comparator<Trial> byMetric = Comparator.comparingDouble(Trial::metric);
    return finished.stream().max(maximize ? byMetric : byMetric.reversed());
  }

  /** Learnings in order of usefulness. */
  List<String> learnings(String metric, JsonNode sweptParameters) {
    List<String> learnings = new ArrayList<>();
    strongestParameter(metric).ifPresent(learnings::add);
    best().ifPresent(best -> learnings.addAll(atBounds(best, sweptParameters)));
    learnings.addAll(categoricalWinners(metric));
    if (!failed.isEmpty()) {
      Map<String, Integer> reasons = new TreeMap<>();
      failed.forEach(t -> reasons.merge(t.reason().isEmpty() ? t.state() : t.reason(), 1,
          Integer::sum));
      learnings.add(failed.size() + " of " + (failed.size() + finished.size())
          + " trials ended without a result (" + reasons + "); "
          + failedConfigHint());
    }
    return learnings;
  }

  private Optional<String> strongestParameter(String metric) {
    if (finished.size() < 3) {
      return Optional.empty();
    }
    String bestName = null;
    double bestRho = 0;
    for (String name : numericParameters()) {
      double[] xs = finished.stream().mapToDouble(t -> t.config().path(name).asDouble()).toArray();
      double[] ys = finished.stream().mapToDouble(Trial::metric).toArray();
      double rho = Spearman.rho(xs, ys);
      if (Double.isFinite(rho) && Math.abs(rho) > Math.abs(bestRho)) {
        bestRho = rho;
        bestName = name;
      }
    }
    if (bestName == null || Math.abs(bestRho) < 0.3) {
      return Optional.empty();
    }
    String name = bestName;
    double bestValue = best().map(t -> t.config().path(name).asDouble()).orElse(Double.NaN);
    return Optional.of(String.format(Locale.ROOT,
        "%s had the strongest effect on %s (Spearman %.2f over %d trials: higher %s gave %s %s);"
            + " best %s=%s", name, metric, bestRho, finished.size(), name,
        bestRho > 0 ? "higher" : "lower", metric, name, format(bestValue)));
  }

  private List<String> atBounds(Trial best, JsonNode sweptParameters) {
    List<String> notes = new ArrayList<>();
    sweptParameters.fields().forEachRemaining(e -> ParamRange.of(e.getValue()).ifPresent(r -> {
      JsonNode value = best.config().path(e.getKey());
      if (value.isNumber() && r.atBound(value.asDouble())) {
        boolean top = Math.abs(r.max() - value.asDouble()) < Math.abs(value.asDouble() - r.min());
        notes.add(String.format(Locale.ROOT, "best %s=%s sits at the %s bound of %s: widen %s",
            e.getKey(), format(value.asDouble()), top ? "upper" : "lower", r.describe(),
            top ? "upward" : "downward"));
      }
    }));
    return notes;
  }

  private List<String> categoricalWinners(String metric) {
    List<String> notes = new ArrayList<>();
    for (String name : parameterNames()) {
      Map<String, double[]> sums = new LinkedHashMap<>();
      for (Trial t : finished) {
        JsonNode value = t.config().path(name);
        if (value.isTextual() || value.isBoolean()) {
          double[] acc = sums.computeIfAbsent(value.asText(), k -> new double[2]);
          acc[0] += t.metric();
          acc[1]++;
        }
      }
      if (sums.size() >= 2) {
        List<String> parts = new ArrayList<>();
        sums.entrySet().stream()
            .sorted(Comparator.comparingDouble((Map.Entry<String, double[]> e) ->
                e.getValue()[0] / e.getValue()[1]).reversed())
            .forEach(e -> parts.add(name + "=" + e.getKey() + " averaged "
                + format(e.getValue()[0] / e.getValue()[1])));
        if (!maximize) {
          java.util.Collections.reverse(parts);
        }
        notes.add(String.join(" vs ", parts) + " (" + metric + ")");
      }
    }
    return notes;
  }

  private String failedConfigHint() {
    Trial first = failed.get(0);
    return "e.g. " + first.runId() + " with " + first.config();
  }

  private Set<String> parameterNames() {
    Set<String> names = new LinkedHashSet<>();
    finished.forEach(t -> t.config().fieldNames().forEachRemaining(names::add));
    return names;
  }

  private List<String> numericParameters() {
    List<String> numeric = new ArrayList<>();
    for (String name : parameterNames()) {
      if (finished.stream().allMatch(t -> t.config().path(name).isNumber())) {
        numeric.add(name);
      }
    }
    return numeric;
  }

  static String format(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e9) {
      return Long.toString((long) value);
    }
    return java.math.BigDecimal.valueOf(value).round(new java.math.MathContext(4))
        .stripTrailingZeros().toPlainString();
  }
}
