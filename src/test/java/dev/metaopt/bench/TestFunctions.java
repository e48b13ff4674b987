package dev.metaopt.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Standard optimisation test functions (Surjanovic &amp; Bingham, "Virtual Library of Simulation
 * Experiments": Branin, Hartmann-6, Rosenbrock) and a mixed hyperparameter-like space.
 */
final class TestFunctions {
  private TestFunctions() {}

  /** Branin on x1 ∈ [-5, 10], x2 ∈ [0, 15]; global minimum 0.397887. */
  static double branin(double x, double y) {
    double a = y - 5.1 / (4 * Math.PI * Math.PI) * x * x + 5 / Math.PI * x - 6;
    return a * a + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x) + 10;
  }

  /** Hartmann-6 on [0, 1]^6; global minimum -3.32237. */
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

  /** Rosenbrock in any dimension; global minimum 0 at (1, …, 1). */
  static double rosenbrock(double[] x) {
    double sum = 0;
    for (int i = 0; i < x.length - 1; i++) {
      sum += 100 * Math.pow(x[i + 1] - x[i] * x[i], 2) + Math.pow(1 - x[i], 2);
    }
    return sum;
  }

  /**
   * A training-like mixed space: a log-scale learning rate, an integer depth, a categorical
   * optimizer (which moves the best learning rate), a dropout and a categorical batch size.
   */
  static final String MIXED_SPACE = "\"lr\": {\"distribution\": \"log_uniform_values\","
      + " \"min\": 1e-5, \"max\": 1.0}, \"layers\": {\"distribution\": \"int_uniform\","
      + " \"min\": 1, \"max\": 8}, \"optimizer\": {\"values\": [\"sgd\", \"adam\","
      + " \"rmsprop\"]}, \"dropout\": {\"distribution\": \"uniform\", \"min\": 0.0,"
      + " \"max\": 0.5}, \"batch\": {\"values\": [16, 32, 64, 128]}";

  /** The mixed space's objective; global minimum 0 at adam, lr 1e-3, 5 layers, 0.15, 64. */
  static double mixed(Map<String, JsonNode> v) {
    String optimizer = v.get("optimizer").asText();
    double bestLog = switch (optimizer) {
      case "sgd" -> -1;
      case "rmsprop" -> -2.5;
      default -> -3;
    };
    double penalty = switch (optimizer) {
      case "sgd" -> 0.5;
      case "rmsprop" -> 0.2;
      default -> 0;
    };
    double lr = Math.log10(v.get("lr").asDouble()) - bestLog;
    double layers = v.get("layers").asDouble() - 5;
    double dropout = v.get("dropout").asDouble() - 0.15;
    double batch = Math.log(v.get("batch").asDouble()) / Math.log(2) - 6;
    return lr * lr + 0.1 * layers * layers + 10 * dropout * dropout + penalty
        + 0.2 * batch * batch;
  }
}
