package dev.metaopt.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.backend.local.BenchmarkAccess;
import dev.metaopt.json.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Search quality of the local backend's {@code bayes} (TPE) against {@code random}: the best
 * value found after 25, 50 and 100 trials, over 20 seeds, on Branin, Hartmann-6 and
 * Rosenbrock-4 (all minimised). Run it with the command in {@code docs/BENCHMARKS.md}.
 */
public final class SearchBenchmark {
  record Problem(String name, String parameters, ToDoubleFunction<Map<String, JsonNode>> f) {}

  private static final int[] BUDGETS = {25, 50, 100};
  private static final int SEEDS = 20;

  public static void main(String[] args) throws Exception {
    List<Problem> problems = List.of(
        new Problem("Branin (min 0.3979)", box(List.of("x1", "x2"), new double[] {-5, 0},
            new double[] {10, 15}), v -> branin(get(v, "x1"), get(v, "x2"))),
        new Problem("Hartmann-6 (min -3.3224)", box(names(6), zeros(6), ones(6)),
            v -> hartmann6(vector(v, 6))),
        new Problem("Rosenbrock-4 (min 0)", box(names(4), fill(4, -2), fill(4, 2)),
            v -> rosenbrock(vector(v, 4))));
    System.out.println("| problem | trials | random median best | bayes median best |"
        + " bayes better in |");
    System.out.println("|---|---|---|---|---|");
    for (Problem problem : problems) {
      for (int budget : BUDGETS) {
        double[] random = new double[SEEDS];
        double[] bayes = new double[SEEDS];
        int wins = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
          random[seed] = best(problem, "random", seed, budget);
          bayes[seed] = best(problem, "bayes", seed, budget);
          wins += bayes[seed] < random[seed] ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "| %s | %d | %.4f | %.4f | %d/%d seeds |%n",
            problem.name(), budget, median(random), median(bayes), wins, SEEDS);
      }
    }
  }

  static double best(Problem problem, String method, long seed, int budget) throws Exception {
    JsonNode config = Json.parse("{\"method\": \"" + method + "\", \"metric\": {\"name\": \"f\","
        + " \"goal\": \"minimize\"}, \"run_cap\": " + budget + ", \"parameters\": {"
        + problem.parameters() + "}}");
    return BenchmarkAccess.bestAfter(config, seed, budget, problem.f());
  }

  static double branin(double x, double y) {
    double a = y - 5.1 / (4 * Math.PI * Math.PI) * x * x + 5 / Math.PI * x - 6;
    return a * a + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x) + 10;
  }

  static double hartmann6(double[] x) {
    double[] alpha = {1.0, 1.2, 3.0, 3.2};
    double[][] a = {{10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14},
        {3, 3.5, 1.7, 10, 17, 8}, {17, 8, 0.05, 10, 0.1, 14}};
    double[][] p = {{1312, 1696, 5569, 124, 8283, 5886}, {2329, 4135, 8307, 3736, 1004, 9991},
        {2348, 1451, 3522, 2883, 3047, 6650}, {4047, 8828, 8732, 5743, 1091, 381}};
    double sum = 0;
    for (int i = 0; i < 4; i++) {
      double inner = 0;
      for (int j = 0; j < 6; j++) {
        double d = x[j] - p[i][j] * 1e-4;
        inner += a[i][j] * d * d;
      }
      sum += alpha[i] * Math.exp(-inner);
    }
    return -sum;
  }

  static double rosenbrock(double[] x) {
    double sum = 0;
    for (int i = 0; i < x.length - 1; i++) {
      sum += 100 * Math.pow(x[i + 1] - x[i] * x[i], 2) + Math.pow(1 - x[i], 2);
    }
    return sum;
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

  private static double[] zeros(int n) {
    return new double[n];
  }

  private static double[] ones(int n) {
    return fill(n, 1);
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

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }
}
