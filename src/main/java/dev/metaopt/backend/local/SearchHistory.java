package dev.metaopt.backend.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.protocol.TrialState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What suggestion number {@code index} of a sweep may know, all of it fixed for that index so
 * the suggestion is the same however fast trials ran and after a resume:
 * <ul>
 *   <li>{@code suggested}: the configurations of suggestions {@code 0 … index − 1}, in order;</li>
 *   <li>{@code observed}: the ended trials among suggestions {@code 0 … index − agents} (a
 *       metric, or NaN for a failed or killed trial);</li>
 *   <li>{@code pending}: the suggestions after those, whose results are not to be used yet;</li>
 *   <li>{@code setup}: the sweep's search settings and what earlier iterations measured.</li>
 * </ul>
 */
record SearchHistory(List<Map<String, JsonNode>> suggested, List<Suggester.Observation> observed,
    List<Map<String, JsonNode>> pending, SearchSetup setup) {

  SearchHistory {
    suggested = List.copyOf(suggested);
    observed = List.copyOf(observed);
    pending = List.copyOf(pending);
    Objects.requireNonNull(setup, "setup");
  }

  /** The first suggestion of a sweep with no campaign memory. */
  static SearchHistory empty() {
    return new SearchHistory(List.of(), List.of(), List.of(), SearchSetup.DEFAULT);
  }

  /** A sweep that learns from every earlier suggestion, one at a time (one agent). */
  static SearchHistory sequential(List<Suggester.Observation> observed, SearchSetup setup) {
    List<Map<String, JsonNode>> suggested = new ArrayList<>();
    observed.forEach(o -> suggested.add(o.values()));
    return new SearchHistory(suggested, observed, List.of(), setup);
  }

  /**
   * The history of suggestion {@code index} of {@code sweep}: it may learn from the trials with
   * an index up to {@code horizon}; later ones are pending.
   */
  static SearchHistory of(SweepRecord sweep, int index, int horizon, SearchSetup setup) {
    Map<Integer, Map<String, JsonNode>> byIndex = new TreeMap<>();
    List<Suggester.Observation> observed = new ArrayList<>();
    for (SweepRecord.Trial t : sweep.trials) {
      if (t.index < index) {
        byIndex.putIfAbsent(t.index, t.values);
      }
      if (t.index <= horizon && TERMINAL.contains(t.state)) {
        observed.add(new Suggester.Observation(t.values,
            t.state == TrialState.FINISHED && t.metric != null ? t.metric : Double.NaN));
      }
    }
    List<Map<String, JsonNode>> pending = new ArrayList<>();
    byIndex.forEach((i, values) -> {
      if (i > horizon) {
        pending.add(values);
      }
    });
    return new SearchHistory(new ArrayList<>(byIndex.values()), observed, pending, setup);
  }

  /** Trial states with a result for the model: a metric, or a failure it should avoid. */
  private static final Set<TrialState> TERMINAL = Set.of(TrialState.FINISHED,
      TrialState.FAILED, TrialState.KILLED);

  /** Observations of earlier iterations first (older), then this sweep's. */
  List<Suggester.Observation> allObserved() {
    List<Suggester.Observation> all = new ArrayList<>(setup.prior());
    all.addAll(observed);
    return all;
  }
}
