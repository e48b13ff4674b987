package dev.metaopt.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.backend.local.BenchmarkAccess;
import dev.metaopt.backend.local.BenchmarkAccess.Method;
import dev.metaopt.json.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Search quality of the local backend's samplers: median simple regret (best value found minus
 * the global minimum) over 20 seeds after 25, 50 and 100 trials of one 100-trial sweep, on
 * Branin, Hartmann-6, Rosenbrock-4 (the domains of the published figures) and a mixed space, with
 * 1, 2 and 4 agents; and the time of one suggestion after 100, 1000 and 5000 trials. Suggestions
 * come from the same code the local backend uses ({@code Suggester}), without processes. Run
 * with the command in {@code docs/BENCHMARKS.md}; arguments pick a part:
 * {@code quality [problem…]}, {@code agents [problem…]} ({@code -Dsamplers=GP}, or
 * {@code TPE}, or {@code RANDOM,GP}, measures only those), {@code timing}; {@code -Dseeds=N}
 * and {@code -DfirstSeed=S} measure seeds {@code S … S + N − 1} instead of 0–19.
 */
public final class SearchBenchmark {
  /** A test function on its domain, with its known global minimum. */
  record Problem(String name, String parameters, double minimum,
      ToDoubleFunction<Map<String, JsonNode>> f) {}

  static final int[] BUDGETS = {25, 50, 100};
  static final int SEEDS = Integer.getInteger("seeds", 20);
  /** First seed: {@code -DfirstSeed=20} measures seeds 20–39, another sample of 20 sweeps. */
  static final int FIRST_SEED = Integer.getInteger("firstSeed", 0);

  static final List<Problem> PROBLEMS = List.of(
      new Problem("Branin", box(List.of("x1", "x2"), new double[] {-5, 0},
          new double[] {10, 15}), 0.397887, v -> TestFunctions.branin(get(v, "x1"),
          get(v, "x2"))),
      new Problem("Hartmann-6", box(names(6), fill(6, 0), fill(6, 1)), -3.32237,
          v -> TestFunctions.hartmann6(vector(v, 6))),
      new Problem("Rosenbrock-4", box(names(4), fill(4, -5), fill(4, 10)), 0,
          v -> TestFunctions.rosenbrock(vector(v, 4))),
      new Problem("Mixed-5", TestFunctions.MIXED_SPACE, 0, TestFunctions::mixed));

  public static void main(String[] args) throws Exception {
    String part = args.length == 0 ? "all" : args[0];
    List<String> only = args.length > 1 ? List.of(args).subList(1, args.length) : List.of();
    if (part.equals("all") || part.equals("quality")) {
      quality(only);
    }
    if (part.equals("all") || part.equals("agents")) {
      agents(only);
    }
    if (part.equals("all") || part.equals("timing")) {
      timing();
    }
  }

  /** Median regret at 25/50/100 trials, one agent, for random, TPE and GP bayes. */
  static void quality(List<String> only) {
    System.out.println("| problem | trials | random | TPE (`bayes_sampler: tpe`) | GP `bayes` |");
    System.out.println("|---|---|---|---|---|");
    for (Problem problem : selected(only)) {
      double[][] random = regretsIfAsked(problem, Method.RANDOM);
      double[][] tpe = regretsIfAsked(problem, Method.TPE);
      double[][] gp = regretsIfAsked(problem, Method.GP);
      for (int b = 0; b < BUDGETS.length; b++) {
        System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s |%n", problem.name(),
            BUDGETS[b], medianOrDash(random, b), medianOrDash(tpe, b), medianOrDash(gp, b));
      }
    }
  }

  /** One agent's regrets, or null when {@code -Dsamplers} leaves {@code method} out. */
  private static double[][] regretsIfAsked(Problem problem, Method method) {
    return asked(method) ? regrets(problem, method, 1) : null;
  }

  /** Whether {@code -Dsamplers} (all three when unset) names {@code method}. */
  private static boolean asked(Method method) {
    return System.getProperty("samplers", "RANDOM,TPE,GP").contains(method.name());
  }

  private static String medianOrDash(double[][] regrets, int budget) {
    return regrets == null ? "—" : fmt(median(regrets[budget]));
  }

  /** Median regret at 100 trials with 1, 2 and 4 agents, for TPE and GP bayes. */
  static void agents(List<String> only) {
    System.out.println("| problem | sampler | 1 agent | 2 agents | 4 agents | 4 agents / 1 |"
        + " 4 / 1: 95% CI, seeds better, p (sign, Wilcoxon) |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (Problem problem : selected(only)) {
      for (Method method : List.of(Method.TPE, Method.GP)) {
        if (!asked(method)) {
          continue; // -Dsamplers=TPE measures one sampler only
        }
        double[][] regretsAt100 = new double[3][];
        int[] agents = {1, 2, 4};
        for (int a = 0; a < agents.length; a++) {
          regretsAt100[a] = regrets(problem, method, agents[a])[BUDGETS.length - 1];
        }
        PairedComparison four = PairedComparison.of(regretsAt100[2], regretsAt100[0]);
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %.2f | %.3g–%.3g, %d/%d,"
            + " %.2g, %.2g |%n", problem.name(), method == Method.GP ? "GP" : "TPE",
            fmt(median(regretsAt100[0])), fmt(median(regretsAt100[1])),
            fmt(median(regretsAt100[2])),
            four.medianRatio(), four.ratioLow(), four.ratioHigh(), four.better(), SEEDS,
            four.signP(), four.wilcoxonP());
      }
    }
  }

  /**
   * Milliseconds of one suggestion after 100, 1000 and 5000 finished trials (Hartmann-6): the
   * TPE; the GP between two hyperparameter fits, at a fit, and on average over a refit period.
   */
  static void timing() {
    Problem problem = PROBLEMS.get(1);
    System.out.println("| finished trials | TPE | GP `bayes` between fits | GP at a fit"
        + " | GP mean | fits |");
    System.out.println("|---|---|---|---|---|---|");
    for (int finished : new int[] {100, 1000, 5000}) {
      JsonNode config = config(problem, "bayes", finished + 1);
      BenchmarkAccess.suggestionMillis(config, Method.GP, finished, problem.f(), 3, true);
      double tpe = BenchmarkAccess.suggestionMillis(config, Method.TPE, finished, problem.f(), 5,
          false);
      double between = BenchmarkAccess.suggestionMillis(config, Method.GP, finished,
          problem.f(), 5, false);
      double fit = BenchmarkAccess.suggestionMillis(config, Method.GP, finished, problem.f(), 5,
          true);
      int every = BenchmarkAccess.gpRefitStep(finished);
      System.out.printf(Locale.ROOT, "| %d | %.1f ms | %.1f ms | %.1f ms | %.1f ms | 1 in %d |%n",
          finished, tpe, between, fit, ((every - 1) * between + fit) / every, every);
    }
  }

  /** Regrets {@code [budget][seed]} of one 100-trial sweep per seed. */
  static double[][] regrets(Problem problem, Method method, int agents) {
    int trials = BUDGETS[BUDGETS.length - 1];
    double[][] regrets = new double[BUDGETS.length][SEEDS];
    for (int seed = 0; seed < SEEDS; seed++) {
      double[] curve = BenchmarkAccess.bestCurve(config(problem, "bayes", trials), method,
          FIRST_SEED + seed, trials, agents, problem.f());
      for (int b = 0; b < BUDGETS.length; b++) {
        regrets[b][seed] = curve[BUDGETS[b] - 1] - problem.minimum();
      }
    }
    return regrets;
  }

  static JsonNode config(Problem problem, String method, int runCap) {
    try {
      return Json.parse("{\"method\": \"" + method + "\", \"metric\": {\"name\": \"f\","
          + " \"goal\": \"minimize\"}, \"run_cap\": " + runCap + ", \"parameters\": {"
          + problem.parameters() + "}}");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Problem> selected(List<String> only) {
    return PROBLEMS.stream().filter(p -> only.isEmpty() || only.contains(p.name())).toList();
  }

  static String fmt(double value) {
    double a = Math.abs(value);
    return a >= 100 ? String.format(Locale.ROOT, "%.0f", value)
        : a >= 1 ? String.format(Locale.ROOT, "%.2f", value)
        : String.format(Locale.ROOT, "%.3g", value);
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static String box(List<String> names, double[] low, double[] high) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      parts.add("\"" + names.get(i) + "\": {\"distribution\": \"uniform\", \"min\": " + low[i]
          + ", \"max\": " + high[i] + "}");
    }
    return String.join(", ", parts);
  }

  private static List<String> names(int n) {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      names.add("x" + i);
    }
    return names;
  }

  private static double[] fill(int n, double v) {
    double[] a = new double[n];
    Arrays.fill(a, v);
    return a;
  }

  private static double get(Map<String, JsonNode> v, String name) {
    return v.get(name).asDouble();
  }

  private static double[] vector(Map<String, JsonNode> v, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = v.get("x" + (i + 1)).asDouble();
    }
    return x;
  }

  private SearchBenchmark() {}
}
