package dev.metaopt.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.stats.HumanNumber;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The built-in analysis' learnings: statements about one sweep's trial table, each made only
 * when the table makes it true, with "better" spelled out for the objective's direction and
 * numbers rounded for people. One method per rule; {@code LearningsTest} proves each on a
 * constructed table.
 */
final class Learnings {
  /** Spearman |ρ| below this is not called an effect. */
  static final double MIN_RHO = 0.3;
  /** The share of a range, at either end, called its edge. */
  static final double EDGE = 0.1;

  private final TrialTable table;
  private final String metric;
  private final boolean maximize;

  Learnings(TrialTable table, String metric, boolean maximize) {
    this.table = table;
    this.metric = metric;
    this.maximize = maximize;
  }

  /** Every learning that holds, in order of usefulness. */
  List<String> all(JsonNode sweptParameters) {
    List<String> learnings = new ArrayList<>();
    strongestMonotoneEffect().ifPresent(learnings::add);
    learnings.addAll(bestAtEdges(sweptParameters));
    learnings.addAll(categoricalComparisons());
    failures().ifPresent(learnings::add);
    return learnings;
  }

  /** "(higher is better)" or "(lower is better)". */
  String goal() {
    return maximize ? "(higher is better)" : "(lower is better)";
  }

  /**
   * Rule 1: the numeric parameter whose rank correlation with the objective is strongest (|ρ| ≥
   * {@value #MIN_RHO}, at least 3 finished trials), with its sign and what it means for the goal.
   */
  Optional<String> strongestMonotoneEffect() {
    List<TrialTable.Trial> finished = table.finishedTrials();
    if (finished.size() < 3) {
      return Optional.empty();
    }
    String name = null;
    double strongest = 0;
    for (String candidate : table.numericParameters()) {
      double rho = Spearman.rho(values(finished, candidate),
          finished.stream().mapToDouble(TrialTable.Trial::metric).toArray());
      if (Double.isFinite(rho) && Math.abs(rho) > Math.abs(strongest)) {
        strongest = rho;
        name = candidate;
      }
    }
    if (name == null || Math.abs(strongest) < MIN_RHO) {
      return Optional.empty();
    }
    boolean higherMetric = strongest > 0;
    boolean better = higherMetric == maximize;
    String best = HumanNumber.format(table.best().orElseThrow().config().path(name).asDouble());
    return Optional.of(String.format(Locale.ROOT, "%s had the strongest monotone effect on %s %s: Spearman"
            + " ρ = %.2f over %d finished trials, so higher %s went with %s %s (%s); best run"
            + " has %s=%s", name, metric, goal(), strongest, finished.size(), name,
        higherMetric ? "higher" : "lower", metric, better ? "better" : "worse", name, best));
  }

  /**
   * Rule 2: a best value exactly at a bound of its swept range ("at the lower bound") or within
   * the outer {@value #EDGE} of it on the range's own scale ("in the lowest 10%").
   */
  List<String> bestAtEdges(JsonNode sweptParameters) {
    List<String> notes = new ArrayList<>();
    Optional<TrialTable.Trial> best = table.best();
    if (best.isEmpty()) {
      return notes;
    }
    sweptParameters.fields().forEachRemaining(e -> ParamRange.of(e.getValue()).ifPresent(r -> {
      JsonNode value = best.get().config().path(e.getKey());
      if (value.isNumber()) {
        edgeNote(e.getKey(), value.asDouble(), r).ifPresent(notes::add);
      }
    }));
    return notes;
  }

  private static Optional<String> edgeNote(String name, double value, ParamRange range) {
    double position = range.position(value);
    String where = "best " + name + "=" + HumanNumber.format(value);
    String bounds = "[" + HumanNumber.format(range.min()) + ", " + HumanNumber.format(range.max())
        + "]" + (range.log() ? " (log scale)" : "");
    if (range.isAt(value, range.min())) {
      return Optional.of(where + " is at the lower bound of " + bounds
          + ": better values may lie below it; widen downward");
    }
    if (range.isAt(value, range.max())) {
      return Optional.of(where + " is at the upper bound of " + bounds
          + ": better values may lie above it; widen upward");
    }
    if (position <= EDGE || position >= 1 - EDGE) {
      return Optional.of(where + " lies in the " + (position <= EDGE ? "lowest" : "highest")
          + " 10% of " + bounds);
    }
    return Optional.empty();
  }

  /**
   * Rule 3: for a parameter with text or boolean values, each value's mean objective over the
   * finished trials that used it, best first, the best one named as doing better.
   */
  List<String> categoricalComparisons() {
    List<String> notes = new ArrayList<>();
    for (String name : table.parameterNames()) {
      Map<String, double[]> sums = new LinkedHashMap<>();
      for (TrialTable.Trial t : table.finishedTrials()) {
        JsonNode value = t.config().path(name);
        if (value.isTextual() || value.isBoolean()) {
          double[] acc = sums.computeIfAbsent(value.asText(), k -> new double[2]);
          acc[0] += t.metric();
          acc[1]++;
        }
      }
      if (sums.size() < 2) {
        continue;
      }
      Comparator<Map.Entry<String, double[]>> byMean =
          Comparator.comparingDouble(e -> e.getValue()[0] / e.getValue()[1]);
      List<Map.Entry<String, double[]>> ranked = sums.entrySet().stream()
          .sorted(maximize ? byMean.reversed() : byMean).toList();
      List<String> parts = new ArrayList<>();
      for (Map.Entry<String, double[]> e : ranked.subList(1, ranked.size())) {
        parts.add(e.getKey() + " " + HumanNumber.format(e.getValue()[0] / e.getValue()[1])
            + " over " + trials((int) e.getValue()[1]));
      }
      Map.Entry<String, double[]> top = ranked.get(0);
      notes.add(String.format(Locale.ROOT, "%s=%s did best on %s %s: mean %s over %s, vs %s", name,
          top.getKey(), metric, goal(), HumanNumber.format(top.getValue()[0] / top.getValue()[1]),
          trials((int) top.getValue()[1]), String.join(", ", parts)));
    }
    return notes;
  }

  /** Rule 4: how many trials ended without a result, and why, most common reason first. */
  Optional<String> failures() {
    List<TrialTable.Trial> failed = table.failedTrials();
    if (failed.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Integer> reasons = new TreeMap<>();
    failed.forEach(t -> reasons.merge(t.reason().isEmpty() ? t.state() : t.reason(), 1,
        Integer::sum));
    List<String> parts = new ArrayList<>();
    reasons.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .forEach(e -> parts.add(e.getKey() + " (" + trials(e.getValue()) + ")"));
    int total = failed.size() + table.finishedTrials().size();
    return Optional.of(failed.size() + " of " + total + " trials ended without a result: "
        + String.join(", ", parts) + "; first: " + failed.get(0).runId()
        + " (see its stderr.log, or 'metaopt trials')");
  }

  private static String trials(int n) {
    return n + (n == 1 ? " trial" : " trials");
  }

  private static double[] values(List<TrialTable.Trial> trials, String name) {
    return trials.stream().mapToDouble(t -> t.config().path(name).asDouble()).toArray();
  }
}
