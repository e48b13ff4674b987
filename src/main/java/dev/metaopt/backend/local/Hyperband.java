package dev.metaopt.backend.local;

import dev.metaopt.protocol.TrialState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Hyperband early termination: which running trials fall outside the top of a bracket. */
final class Hyperband {
  private Hyperband() {}

  /**
   * The running trials that, at some bracket step ({@code min_iter · eta^k}), sit outside the top
   * {@code 1/eta} of the values every running or finished trial logged there; none without an
   * {@code early_terminate} hyperband setting.
   */
  static List<SweepRecord.Trial> outranked(SweepSpec spec, List<SweepRecord.Trial> trials,
      Function<SweepRecord.Trial, MetricLog> logOf) {
    SweepSpec.Hyperband band = spec.hyperband();
    if (band == null) {
      return List.of();
    }
    Map<SweepRecord.Trial, MetricLog> logs = new LinkedHashMap<>();
    for (SweepRecord.Trial t : trials) {
      if (t.running() || t.state == TrialState.FINISHED) {
        logs.put(t, logOf.apply(t));
      }
    }
    Set<SweepRecord.Trial> outranked = new LinkedHashSet<>();
    for (int k = 0; k < band.brackets(); k++) {
      int step = (int) Math.round(band.minIter() * Math.pow(band.eta(), k));
      List<Double> reached = new ArrayList<>();
      logs.values().forEach(l -> {
        double v = l.at(step);
        if (Double.isFinite(v)) {
          reached.add(spec.maximize() ? v : -v);
        }
      });
      if (reached.size() < 2) {
        continue;
      }
      reached.sort(Comparator.reverseOrder());
      double cutoff = reached.get(Math.max(0, (int) Math.ceil(reached.size() / band.eta()) - 1));
      logs.forEach((t, log) -> {
        double v = t.running() && !outranked.contains(t) ? log.at(step) : Double.NaN;
        if (Double.isFinite(v) && (spec.maximize() ? v : -v) < cutoff) {
          outranked.add(t);
        }
      });
    }
    return List.copyOf(outranked);
  }
}
