package dev.metaopt.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the trials measured so far say about each parameter, and the rule by which ideation lets
 * them move a range: a range is narrowed or shifted only when at least {@link #MIN_TRIALS}
 * finished trials measured it, and then only to the span of the best {@link #ELITE_FRACTION} of
 * them (at least {@link #MIN_ELITE}) plus a margin. So one lucky trial cannot pull a range, and
 * every region where a top trial was found stays in — a runner-up mode far from the best
 * survives, because the span covers all the top trials, not a window around the best one.
 */
final class Evidence {
  static final int MIN_TRIALS = 8;
  static final double ELITE_FRACTION = 0.2;
  static final int MIN_ELITE = 3;
  /**
   * Least margin on each side, as a fraction of the declared width: a few top trials in one
   * basin say little about a neighbouring one, so a range never shrinks below 30% of the
   * declared width.
   */
  static final double MIN_PAD = 0.15;
  /** A narrowed range covering this much of the old one is not worth a change. */
  private static final double NOT_WORTH_IT = 0.9;

  private final List<TrialTable.Trial> finished;
  private final List<TrialTable.Trial> elite;

  private Evidence(List<TrialTable.Trial> finished, List<TrialTable.Trial> elite) {
    this.finished = finished;
    this.elite = elite;
  }

  /** The finished trials of {@code trials} (poll rows: config, state, metric). */
  static Evidence of(JsonNode trials, boolean maximize) {
    List<TrialTable.Trial> finished = new ArrayList<>();
    for (JsonNode t : trials) {
      JsonNode metric = t.path("metric");
      if ("finished".equals(t.path("state").asText()) && metric.isNumber()
          && Double.isFinite(metric.asDouble())) {
        finished.add(new TrialTable.Trial(t.path("run_id").asText(), "finished",
            t.path("config"), metric.asDouble(), ""));
      }
    }
    Comparator<TrialTable.Trial> best = Comparator.comparingDouble(TrialTable.Trial::metric);
    List<TrialTable.Trial> sorted = new ArrayList<>(finished);
    sorted.sort(maximize ? best.reversed() : best);
    int n = Math.max(MIN_ELITE, (int) Math.ceil(ELITE_FRACTION * sorted.size()));
    return new Evidence(finished, sorted.subList(0, Math.min(n, sorted.size())));
  }

  int finished() {
    return finished.size();
  }

  int eliteSize() {
    return elite.size();
  }

  /**
   * The range the best trials support for {@code name} within {@code declared}: their span on
   * the range's own scale, widened by {@code margin} of that span (and by at least
   * {@link #MIN_PAD} of the declared width) on each side; empty when the evidence is too thin
   * or the change small.
   */
  Optional<ParamRange> supported(String name, ParamRange declared, double margin) {
    List<Double> values = numbers(name, finished);
    if (values.size() < MIN_TRIALS) {
      return Optional.empty();
    }
    List<Double> top = numbers(name, elite);
    if (top.size() < MIN_ELITE) {
      return Optional.empty();
    }
    boolean log = declared.log() && declared.min() > 0;
    double low = Double.POSITIVE_INFINITY;
    double high = Double.NEGATIVE_INFINITY;
    for (double v : top) {
      double x = log ? Math.log(v) : v;
      low = Math.min(low, x);
      high = Math.max(high, x);
    }
    double width = log ? Math.log(declared.max() / declared.min())
        : declared.max() - declared.min();
    double pad = Math.max(margin * (high - low), MIN_PAD * width);
    double a = log ? Math.exp(low - pad) : low - pad;
    double b = log ? Math.exp(high + pad) : high + pad;
    ParamRange narrowed = declared.clip(a, b);
    double kept = log ? Math.log(narrowed.max() / narrowed.min())
        : narrowed.max() - narrowed.min();
    return kept >= NOT_WORTH_IT * width ? Optional.empty() : Optional.of(narrowed);
  }

  /** Human wording of the evidence, for rationales. */
  String describe() {
    return "the best " + elite.size() + " of " + finished.size() + " trials";
  }

  private static List<Double> numbers(String name, List<TrialTable.Trial> trials) {
    List<Double> values = new ArrayList<>();
    for (TrialTable.Trial t : trials) {
      JsonNode v = t.config().path(name);
      if (v.isNumber()) {
        values.add(v.asDouble());
      }
    }
    return values;
  }
}
