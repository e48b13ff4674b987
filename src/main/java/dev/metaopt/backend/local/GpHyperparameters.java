package dev.metaopt.backend.local;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Gaussian process's fitted hyperparameters — length scales and noise ratio — and when they
 * are refitted. Fitting them ({@link GpFit}) is most of a suggestion's cost, and a few percent
 * more observations barely move the marginal-likelihood optimum, so past
 * {@link GpBayes#MAX_POINTS} observations (where the process is conditioned on a bounded subset
 * anyway) they are refitted each time the observations have grown by {@link #REFIT_GROWTH}
 * (the usual practice of BO libraries that amortise the fit, e.g. Spearmint's and HEBO's
 * periodic refits); up to that they are refitted at every suggestion, so sweeps of up to 100
 * trials suggest exactly what they did before. The posterior itself is conditioned on the
 * current observations at every suggestion.
 *
 * <p>Which observations a fit sees is a pure function of the history — the first
 * {@link #refitPoint} of them, in history order — so a resumed sweep fits on the same data and
 * suggests what an uninterrupted one would. The fits are remembered in a small cache keyed by
 * the exact data they were fitted on: a cache hit returns what the fit would return.
 */
final class GpHyperparameters {
  /** Relative growth of the observations between two fits, past {@code MAX_POINTS}. */
  static final double REFIT_GROWTH = 0.05;
  private static final int CACHED = 32;
  private static int fits;
  private static final Map<Key, Fitted> CACHE = new LinkedHashMap<>(CACHED, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, Fitted> eldest) {
      return size() > CACHED;
    }
  };

  /** Length scales (one per model input) and noise ratio, as {@link GaussianProcess} takes. */
  record Fitted(double[] lengthScales, double noiseRatio) {}

  private GpHyperparameters() {}

  /**
   * How many of {@code observations} (in history order) the hyperparameters are fitted on:
   * all of them up to {@code MAX_POINTS}; past that, the last multiple of a step of
   * {@code REFIT_GROWTH} of their count (a step of 5 at 100 observations, 50 at 1000).
   */
  static int refitPoint(int observations) {
    if (observations <= GpBayes.MAX_POINTS) {
      return observations;
    }
    return observations - observations % refitStep(observations);
  }

  /** Observations between two fits around {@code observations}. */
  static int refitStep(int observations) {
    return Math.max(1, (int) (REFIT_GROWTH * observations));
  }

  /**
   * The hyperparameters {@link GpFit#fit} finds for this data and noise floor, fitted once per
   * data set and floor.
   */
  static Fitted of(double[][] inputs, double[] targets, double minNoise) {
    Key key = new Key(inputs, targets, minNoise);
    synchronized (CACHE) {
      Fitted cached = CACHE.get(key);
      if (cached != null) {
        return cached;
      }
    }
    GaussianProcess gp = GpFit.fit(inputs, targets, minNoise);
    Fitted fitted = new Fitted(gp.lengthScales(), gp.noiseRatio());
    synchronized (CACHE) {
      fits++;
      CACHE.put(key, fitted);
    }
    return fitted;
  }

  /** How many fits have run in this process (tests count them). */
  static int fits() {
    synchronized (CACHE) {
      return fits;
    }
  }

  /** The noise floors of the fits remembered (tests check which floor a sweep fitted with). */
  static Set<Double> floorsRemembered() {
    synchronized (CACHE) {
      Set<Double> floors = new TreeSet<>();
      CACHE.keySet().forEach(key -> floors.add(key.minNoise));
      return floors;
    }
  }

  /** Forgets every fit (benchmarks time a suggestion that has to refit). */
  static void forget() {
    synchronized (CACHE) {
      CACHE.clear();
    }
  }

  /** The fit's data and noise floor, compared by value. */
  private static final class Key {
    private final double[][] inputs;
    private final double[] targets;
    private final double minNoise;
    private final int hash;

    Key(double[][] inputs, double[] targets, double minNoise) {
      this.inputs = inputs;
      this.targets = targets;
      this.minNoise = minNoise;
      this.hash = 31 * (31 * Arrays.deepHashCode(inputs) + Arrays.hashCode(targets))
          + Double.hashCode(minNoise);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key k && hash == k.hash && minNoise == k.minNoise
          && Arrays.equals(targets, k.targets) && Arrays.deepEquals(inputs, k.inputs);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
