package dev.metaopt.backend.local;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A sweep's search settings, fixed when the sweep is created: which model serves
 * {@code method: bayes} ({@code compute.bayes_sampler}), how often one configuration may run
 * across the campaign ({@code compute.max_runs_per_config}), the trials of earlier iterations
 * that lie inside the sweep's space (campaign memory: {@code prior}), and those that lie beyond
 * its numeric bounds ({@code beyond}: the GP conditions on them too, so a narrowed sweep keeps
 * what the campaign learnt outside its box; they are never suggested, being outside it).
 */
record SearchSetup(Sampler sampler, int maxRunsPerConfig, List<Suggester.Observation> prior,
    List<Suggester.Observation> beyond) {

  /** The model behind {@code method: bayes} on the local backend. */
  enum Sampler {
    /** A Gaussian process with expected improvement, as W&B's own {@code bayes}. */
    GP,
    /** Multivariate TPE (Watanabe 2023's recommended setting). */
    TPE,
    /** TPE with one independent estimator per parameter (hyperopt's and Optuna 3's default). */
    TPE_UNIVARIATE;

    /** The campaign's spelling: {@code gp}, {@code tpe}, {@code tpe_univariate}. */
    String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The sampler named {@code key}; throws IllegalArgumentException naming the choices. */
    static Sampler of(String key) {
      for (Sampler s : values()) {
        if (s.key().equals(key)) {
          return s;
        }
      }
      throw new IllegalArgumentException("compute.bayes_sampler must be gp, tpe or"
          + " tpe_univariate, got '" + key + "'");
    }
  }

  /** What a sweep gets when the campaign says nothing: GP, each configuration run once. */
  static final SearchSetup DEFAULT = new SearchSetup(Sampler.GP, 1, List.of());

  /** Settings with no trials beyond the sweep's space. */
  SearchSetup(Sampler sampler, int maxRunsPerConfig, List<Suggester.Observation> prior) {
    this(sampler, maxRunsPerConfig, prior, List.of());
  }

  SearchSetup {
    Objects.requireNonNull(sampler, "sampler");
    prior = List.copyOf(prior);
    beyond = List.copyOf(beyond);
    if (maxRunsPerConfig < 1) {
      throw new IllegalArgumentException("maxRunsPerConfig must be at least 1");
    }
  }

  SearchSetup withSampler(Sampler other) {
    return new SearchSetup(other, maxRunsPerConfig, prior, beyond);
  }

  SearchSetup withPrior(List<Suggester.Observation> observations) {
    return new SearchSetup(sampler, maxRunsPerConfig, observations, beyond);
  }
}
