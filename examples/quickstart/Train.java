import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A small but real training program for the metaopt quickstart: a multi-layer perceptron trained
 * with mini-batch SGD (momentum, L2 weight decay) on a three-armed spiral data set that it generates
 * itself. No dependencies: run it with {@code java Train.java --lr=0.05 --hidden=32}.
 *
 * <p>Hyperparameters come as {@code --key=value} arguments (W&B's {@code ${args}}) or from the YAML
 * file named by {@code WANDB_SWEEP_PARAM_PATH}; arguments win. One JSON line per epoch goes to
 * stdout, which is how metaopt's local backend reads metrics.
 */
public final class Train {
  private static final int CLASSES = 3;
  private static final int TRAIN = 1200;
  private static final int VALIDATION = 600;

  public static void main(String[] args) throws IOException {
    Map<String, String> p = new HashMap<>();
    readSweepParams(p);
    for (String arg : args) {
      if (!arg.startsWith("--")) {
        fail("unexpected argument '" + arg + "' (use --key=value)");
      }
      String[] kv = arg.substring(2).split("=", 2);
      p.put(kv[0], kv.length > 1 ? kv[1] : "true");
    }
    boolean smoke = Boolean.parseBoolean(p.getOrDefault("smoke", "false"));
    double lr = number(p, "lr", 0.01);
    int hidden = (int) number(p, "hidden", 8);
    int layers = (int) number(p, "layers", 1);
    int batch = (int) number(p, "batch_size", 64);
    double momentum = number(p, "momentum", 0.0);
    double decay = number(p, "weight_decay", 0.0001);
    int epochs = smoke ? 2 : (int) number(p, "epochs", 15);
    long seed = (long) number(p, "seed", 1);
    String activation = p.getOrDefault("activation", "tanh");
    if (lr <= 0 || hidden < 1 || layers < 1 || layers > 3 || batch < 1 || epochs < 1
        || !(activation.equals("relu") || activation.equals("tanh"))) {
      fail("invalid hyperparameters: " + p);
    }
    for (String key : p.keySet()) {
      if (!java.util.Set.of("lr", "hidden", "layers", "batch_size", "momentum", "weight_decay",
          "epochs", "seed", "activation", "smoke").contains(key)) {
        System.err.println("note: ignoring unknown hyperparameter '" + key + "'");
      }
    }
    double[][] x = new double[TRAIN + VALIDATION][];
    int[] y = new int[TRAIN + VALIDATION];
    spirals(x, y, new Random(42));
    Mlp net = new Mlp(hidden, layers, activation.equals("relu"), new Random(seed));
    Random shuffle = new Random(seed + 1);
    int trainSize = smoke ? 200 : TRAIN;
    int[] order = new int[trainSize];
    for (int i = 0; i < trainSize; i++) {
      order[i] = i;
    }
    for (int epoch = 1; epoch <= epochs; epoch++) {
      shuffle(order, shuffle);
      double trainLoss = 0;
      for (int start = 0; start < trainSize; start += batch) {
        int end = Math.min(trainSize, start + batch);
        trainLoss += net.step(x, y, order, start, end, lr, momentum, decay) * (end - start);
      }
      trainLoss /= trainSize;
      double[] val = net.evaluate(x, y, TRAIN, TRAIN + VALIDATION);
      System.out.println(String.format(Locale.ROOT,
          "{\"epoch\": %d, \"_step\": %d, \"train/loss\": %s, \"val/loss\": %s,"
              + " \"val/accuracy\": %s}", epoch, epoch, json(trainLoss), json(val[0]),
          json(val[1])));
      System.out.flush();
      if (!Double.isFinite(trainLoss)) {
        return; // diverged: the NaN line above tells the watchdog why
      }
    }
  }

  /** Three interleaved spiral arms with noise: not linearly separable, so capacity matters. */
  private static void spirals(double[][] x, int[] y, Random random) {
    for (int i = 0; i < x.length; i++) {
      int label = i % CLASSES;
      double r = random.nextDouble();
      double angle = label * 2 * Math.PI / CLASSES + r * 5.0 + random.nextGaussian() * 0.3;
      x[i] = new double[] {r * Math.cos(angle), r * Math.sin(angle)};
      y[i] = label;
    }
  }

  private static void shuffle(int[] order, Random random) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }

  /** A fully connected network: 2 inputs, {@code layers} hidden layers, softmax over 3 classes. */
  private static final class Mlp {
    private final double[][][] w;
    private final double[][] b;
    private final double[][][] vw;
    private final double[][] vb;
    private final boolean relu;

    Mlp(int hidden, int layers, boolean relu, Random random) {
      this.relu = relu;
      int[] sizes = new int[layers + 2];
      sizes[0] = 2;
      for (int l = 1; l <= layers; l++) {
        sizes[l] = hidden;
      }
      sizes[layers + 1] = CLASSES;
      w = new double[layers + 1][][];
      b = new double[layers + 1][];
      vw = new double[layers + 1][][];
      vb = new double[layers + 1][];
      for (int l = 0; l <= layers; l++) {
        double scale = Math.sqrt(2.0 / sizes[l]);
        w[l] = new double[sizes[l + 1]][sizes[l]];
        vw[l] = new double[sizes[l + 1]][sizes[l]];
        b[l] = new double[sizes[l + 1]];
        vb[l] = new double[sizes[l + 1]];
        for (double[] row : w[l]) {
          for (int i = 0; i < row.length; i++) {
            row[i] = random.nextGaussian() * scale;
          }
        }
      }
    }

    /** Activations of every layer for one input; the last is the softmax output. */
    double[][] forward(double[] input) {
      double[][] a = new double[w.length + 1][];
      a[0] = input;
      for (int l = 0; l < w.length; l++) {
        double[] z = new double[w[l].length];
        for (int j = 0; j < z.length; j++) {
          double sum = b[l][j];
          for (int i = 0; i < a[l].length; i++) {
            sum += w[l][j][i] * a[l][i];
          }
          z[j] = sum;
        }
        a[l + 1] = l == w.length - 1 ? softmax(z) : activate(z);
      }
      return a;
    }

    /** One SGD step on a mini-batch; returns its mean cross-entropy. */
    double step(double[][] x, int[] y, int[] order, int start, int end, double lr,
        double momentum, double decay) {
      double[][][] gw = new double[w.length][][];
      double[][] gb = new double[w.length][];
      for (int l = 0; l < w.length; l++) {
        gw[l] = new double[w[l].length][w[l][0].length];
        gb[l] = new double[b[l].length];
      }
      double loss = 0;
      for (int k = start; k < end; k++) {
        int n = order[k];
        double[][] a = forward(x[n]);
        double[] out = a[w.length];
        loss -= Math.log(Math.max(out[y[n]], 1e-12));
        double[] delta = out.clone();
        delta[y[n]] -= 1;
        for (int l = w.length - 1; l >= 0; l--) {
          for (int j = 0; j < delta.length; j++) {
            gb[l][j] += delta[j];
            for (int i = 0; i < a[l].length; i++) {
              gw[l][j][i] += delta[j] * a[l][i];
            }
          }
          if (l > 0) {
            double[] previous = new double[a[l].length];
            for (int i = 0; i < previous.length; i++) {
              double sum = 0;
              for (int j = 0; j < delta.length; j++) {
                sum += w[l][j][i] * delta[j];
              }
              previous[i] = sum * derivative(a[l][i]);
            }
            delta = previous;
          }
        }
      }
      int size = end - start;
      for (int l = 0; l < w.length; l++) {
        for (int j = 0; j < w[l].length; j++) {
          for (int i = 0; i < w[l][j].length; i++) {
            double grad = gw[l][j][i] / size + decay * w[l][j][i];
            vw[l][j][i] = momentum * vw[l][j][i] - lr * grad;
            w[l][j][i] += vw[l][j][i];
          }
          vb[l][j] = momentum * vb[l][j] - lr * gb[l][j] / size;
          b[l][j] += vb[l][j];
        }
      }
      return loss / size;
    }

    /** Mean loss and accuracy over {@code [from, to)}. */
    double[] evaluate(double[][] x, int[] y, int from, int to) {
      double loss = 0;
      int correct = 0;
      for (int n = from; n < to; n++) {
        double[] out = forward(x[n])[w.length];
        loss -= Math.log(Math.max(out[y[n]], 1e-12));
        int best = 0;
        for (int c = 1; c < CLASSES; c++) {
          best = out[c] > out[best] ? c : best;
        }
        correct += best == y[n] ? 1 : 0;
      }
      return new double[] {loss / (to - from), correct / (double) (to - from)};
    }

    private double[] activate(double[] z) {
      double[] a = new double[z.length];
      for (int i = 0; i < z.length; i++) {
        a[i] = relu ? Math.max(0, z[i]) : Math.tanh(z[i]);
      }
      return a;
    }

    private double derivative(double activation) {
      return relu ? (activation > 0 ? 1 : 0) : 1 - activation * activation;
    }

    private static double[] softmax(double[] z) {
      double max = Double.NEGATIVE_INFINITY;
      for (double v : z) {
        max = Math.max(max, v);
      }
      double sum = 0;
      double[] out = new double[z.length];
      for (int i = 0; i < z.length; i++) {
        out[i] = Math.exp(z[i] - max);
        sum += out[i];
      }
      for (int i = 0; i < z.length; i++) {
        out[i] /= sum;
      }
      return out;
    }
  }

  /** Reads {@code key: {value: v}} entries from the file W&B agents hand to {@code wandb.init}. */
  private static void readSweepParams(Map<String, String> p) throws IOException {
    String path = System.getenv("WANDB_SWEEP_PARAM_PATH");
    if (path == null || !Files.exists(Path.of(path))) {
      return;
    }
    String key = null;
    for (String line : Files.readAllLines(Path.of(path))) {
      String trimmed = line.strip();
      if (!line.startsWith(" ") && trimmed.endsWith(":")) {
        key = trimmed.substring(0, trimmed.length() - 1).replace("\"", "");
      } else if (key != null && trimmed.startsWith("value:")) {
        p.put(key, trimmed.substring("value:".length()).strip().replace("'", "")
            .replace("\"", ""));
      }
    }
  }

  private static double number(Map<String, String> p, String key, double fallback) {
    try {
      return p.containsKey(key) ? Double.parseDouble(p.get(key)) : fallback;
    } catch (NumberFormatException e) {
      fail("--" + key + " must be a number, got '" + p.get(key) + "'");
      return fallback;
    }
  }

  private static String json(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%.6f", value) : "NaN";
  }

  private static void fail(String message) {
    System.err.println("Train: " + message);
    System.exit(2);
  }
}
