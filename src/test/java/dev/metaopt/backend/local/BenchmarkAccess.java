package dev.metaopt.backend.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Lets the search benchmarks drive the suggesters directly, with no processes involved. */
public final class BenchmarkAccess {
  /**
   * With {@code -Dcpu=true}, suggestion times are the thread's CPU time rather than wall time:
   * on a shared machine, wall time counts the time other processes held the cores.
   */
  private static final boolean CPU = Boolean.getBoolean("cpu");
  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  /** How many suggestions share one hyperparameter fit of the GP after {@code n} trials. */
  public static int gpRefitStep(int n) {
    return GpHyperparameters.refitPoint(n) < n || n > GpBayes.MAX_POINTS
        ? GpHyperparameters.refitStep(n) : 1;
  }

  private BenchmarkAccess() {}

  /** The samplers a benchmark can compare. */
  public enum Method { RANDOM, GP, TPE, TPE_UNIVARIATE }

  /**
   * Best value so far after each of {@code trials} suggestions (minimised), with
   * {@code agents} trials in flight as the local backend runs them: suggestion {@code i} learns
   * from trials {@code 0 … i − agents}, the later ones being pending.
   */
  public static double[] bestCurve(JsonNode sweepConfig, Method method, long seed, int trials,
      int agents, ToDoubleFunction<Map<String, JsonNode>> objective) {
    return run(sweepConfig, method, seed, trials, agents, objective, List.of()).curve;
  }

  /** A finished sweep: every configuration and value, and the best-so-far curve. */
  public record Sweep(List<Map<String, JsonNode>> configs, double[] values, double[] curve) {}

  /** Runs a sweep that starts from {@code prior} (configurations and values of earlier ones). */
  public static Sweep run(JsonNode sweepConfig, Method method, long seed, int trials, int agents,
      ToDoubleFunction<Map<String, JsonNode>> objective, List<Map.Entry<Map<String, JsonNode>,
      Double>> prior) {
    return run(sweepConfig, method, seed, 0, trials, agents, objective, prior);
  }

  /**
   * As {@link #run(JsonNode, Method, long, int, int, ToDoubleFunction, List)}, its suggestion
   * {@code i} drawing from the random stream of suggestion {@code firstIndex + i}: a split
   * sweep can continue one sweep's stream exactly.
   */
  public static Sweep run(JsonNode sweepConfig, Method method, long seed, int firstIndex,
      int trials, int agents, ToDoubleFunction<Map<String, JsonNode>> objective,
      List<Map.Entry<Map<String, JsonNode>, Double>> prior) {
    SweepSpec spec = SweepSpec.parse(sweepConfig);
    SearchSpace space = new SearchSpace(spec);
    List<Suggester.Observation> earlier = new ArrayList<>();
    for (Map.Entry<Map<String, JsonNode>, Double> e : prior) {
      earlier.add(new Suggester.Observation(e.getKey(), e.getValue()));
    }
    // as CampaignMemory gives a new sweep its memory
    SearchSetup setup = new SearchSetup(method == Method.TPE ? SearchSetup.Sampler.TPE
        : method == Method.TPE_UNIVARIATE ? SearchSetup.Sampler.TPE_UNIVARIATE
        : SearchSetup.Sampler.GP, 1, CampaignMemory.inside(space, earlier),
        CampaignMemory.beyond(space, earlier));
    JsonNode config = method == Method.RANDOM
        ? ((com.fasterxml.jackson.databind.node.ObjectNode) sweepConfig.deepCopy())
            .put("method", "random") : sweepConfig;
    SweepSpec run = SweepSpec.parse(config);
    List<Map<String, JsonNode>> suggested = new ArrayList<>();
    List<Suggester.Observation> results = new ArrayList<>();
    double[] values = new double[trials];
    double[] curve = new double[trials];
    double best = Double.MAX_VALUE;
    for (int i = 0; i < trials; i++) {
      int horizon = i - agents;
      List<Map<String, JsonNode>> pending = new ArrayList<>(suggested.subList(
          Math.max(0, horizon + 1), i));
      SearchHistory history = new SearchHistory(suggested, results.subList(0,
          Math.max(0, horizon + 1)), pending, setup);
      var next = Suggester.suggest(run, seed, firstIndex + i, history);
      if (next.isEmpty()) {
        values = java.util.Arrays.copyOf(values, i);
        curve = java.util.Arrays.copyOf(curve, i);
        break;
      }
      double value = objective.applyAsDouble(next.get());
      suggested.add(next.get());
      results.add(new Suggester.Observation(next.get(), value)); // goal: minimize
      values[i] = value;
      best = Math.min(best, value);
      curve[i] = best;
    }
    return new Sweep(suggested, values, curve);
  }

  /**
   * Wall time of one suggestion after {@code finished} random trials, in milliseconds; with
   * {@code refit}, each one refits the GP's hyperparameters (as one suggestion in
   * {@link #gpRefitStep} does), else they are already fitted for this data.
   */
  public static double suggestionMillis(JsonNode sweepConfig, Method method, int finished,
      ToDoubleFunction<Map<String, JsonNode>> objective, int repeats, boolean refit) {
    SweepSpec random = SweepSpec.parse(((com.fasterxml.jackson.databind.node.ObjectNode)
        sweepConfig.deepCopy()).put("method", "random"));
    List<Suggester.Observation> seen = new ArrayList<>();
    for (int i = 0; i < finished; i++) {
      Map<String, JsonNode> values = Suggester.prior(random, new java.util.SplittableRandom(i));
      seen.add(new Suggester.Observation(values, objective.applyAsDouble(values)));
    }
    SweepSpec spec = SweepSpec.parse(sweepConfig);
    SearchSetup setup = new SearchSetup(method == Method.TPE ? SearchSetup.Sampler.TPE
        : SearchSetup.Sampler.GP, 1, List.of());
    SearchHistory history = SearchHistory.sequential(seen, setup);
    long total = 0;
    if (!refit) {
      Suggester.suggest(spec, repeats, finished, history);
    }
    for (int r = 0; r < repeats; r++) {
      if (refit) {
        GpHyperparameters.forget();
      }
      long start = CPU ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
      Suggester.suggest(spec, r, finished, history);
      total += (CPU ? THREADS.getCurrentThreadCpuTime() : System.nanoTime()) - start;
    }
    return total / 1e6 / repeats;
  }
}
