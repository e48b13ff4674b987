package dev.metaopt.backend.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * {@code method: bayes} as W&B runs it (wandb/sweeps {@code bayes_search.py},
 * {@code bayes_search_next_run}): a Gaussian process on the trials, each parameter scaled to
 * {@code [0, 1]} and the metric standardised (here also warped: {@link OutputWarping}), failed
 * and killed trials imputed with the worst metric ({@code metric.impute}
 * defaults to {@code worst}), trials still running conditioned on at the model's own prediction
 * (W&B's {@code current_X}: the Kriging believer of Ginsbourger et al. 2010, "Kriging is
 * well-suited to parallelize optimization"), and the next trial where expected improvement is
 * largest. Where W&B's is coarse, this one follows the standard method (Snoek et al. 2012,
 * "Practical Bayesian optimization of machine learning algorithms"): a Matérn-5/2 kernel with a
 * length scale per input fitted by marginal likelihood ({@link GpFit}) instead of one fixed
 * isotropic Matérn-3/2, one-hot categoricals ({@link GpInputs}), and expected improvement
 * optimised ({@link EiSearch}) rather than taken from 1000 random points.
 *
 * <p>A sweep that has stopped searching — its last suggestions all near-copies of the incumbent
 * that do not improve it, TuRBO's failure count ({@link GpStall}) — gets one suggestion where the
 * process knows least around the incumbent instead ({@link EiSearch#leastKnown}): on a bound, the
 * EI search's perturbations are clamped onto the face and the model, fitted mostly on those
 * near-copies, can be confidently wrong beside it (docs/BENCHMARKS.md, Branin's seed 16).
 *
 * <p>Cost is bounded for long sweeps like W&B bounds it ({@code max_samples_for_gp=100}): past
 * {@link #MAX_POINTS} observations, the process is fitted on the best half of that many and the
 * most recent others, so a suggestion costs the same at 1000 trials as at 100.
 *
 * <p>In a campaign, the process also conditions on the earlier iterations' trials that lie
 * beyond a narrowed sweep's bounds ({@link SearchSetup#beyond()}; their inputs fall outside
 * {@code [0, 1]}), while expected improvement is only searched inside the sweep's space: a
 * narrowed range moves where the sweep looks, not what its model has learnt, as in trust-region
 * Bayesian optimisation (Eriksson et al. 2019, "Scalable global optimization via local Bayesian
 * optimization", TuRBO: a global model, the acquisition maximised within the region). Such a
 * sweep refines, so its fit may find less noise than a whole-space sweep's ({@link #noiseFloor}).
 */
final class GpBayes {
  static final int MAX_POINTS = 100;

  private GpBayes() {}

  /** Random draws before the first model: one more than the dimensions, at least 2. */
  static int startupTrials(SweepSpec spec, int dimensions) {
    int cap = spec.runCap() == null ? 20 : spec.runCap();
    return Math.max(2, Math.min(dimensions + 1, cap / 4));
  }

  /** Candidate configurations, best first; empty until the model can start. */
  static List<Map<String, JsonNode>> candidates(SweepSpec spec, SplittableRandom random,
      SearchHistory history) {
    SearchSpace space = new SearchSpace(spec);
    if (space.size() == 0) {
      return List.of();
    }
    List<double[]> points = new ArrayList<>();
    List<Double> losses = new ArrayList<>();
    Set<Integer> outside = new TreeSet<>();
    for (Suggester.Observation o : history.setup().beyond()) {
      double[] x = space.encodeBeyond(o.values());
      if (x != null) {
        outside.add(points.size());
        points.add(x);
        losses.add(spec.maximize() ? -o.metric() : o.metric());
      }
    }
    for (Suggester.Observation o : history.allObserved()) {
      double[] x = space.encode(o.values());
      if (x != null) {
        points.add(x);
        losses.add(spec.maximize() ? -o.metric() : o.metric());
      }
    }
    if (finite(losses, losses.size()) < startupTrials(spec, space.size())) {
      return List.of();
    }
    GpInputs encoder = new GpInputs(space);
    Data all = Data.of(points, losses, losses.size(), encoder);
    int refit = GpHyperparameters.refitPoint(losses.size());
    Data fitted = refit < losses.size() && finite(losses, refit) >= 2
        ? Data.of(points, losses, refit, encoder) : all;
    double floor = noiseFloor(!outside.isEmpty());
    GpHyperparameters.Fitted hyper = GpHyperparameters.of(fitted.inputs(), fitted.targets(),
        floor);
    GaussianProcess model = GaussianProcess.of(all.inputs(), all.targets(),
        hyper.lengthScales(), hyper.noiseRatio())
        .orElseGet(() -> GpFit.fit(all.inputs(), all.targets(), floor));
    double best = Double.POSITIVE_INFINITY;
    for (double t : all.targets()) {
      best = Math.min(best, t);
    }
    List<double[]> incumbents = new ArrayList<>();
    all.kept().stream().filter(i -> !outside.contains(i))
        .sorted(Comparator.comparingDouble(all.losses()::get)).limit(EiSearch.INCUMBENTS)
        .forEach(i -> incumbents.add(points.get(i)));
    GaussianProcess gp = believe(model, history.pending(), space, encoder);
    List<Map<String, JsonNode>> ranked = new ArrayList<>();
    // the trials inside the space, in history order (those beyond it were added first)
    if (!incumbents.isEmpty() && GpStall.stuck(space,
        points.subList(outside.size(), points.size()),
        losses.subList(outside.size(), losses.size()))) {
      // stalled: first the incumbent's surroundings the process knows least (GpStall)
      for (double[] x : EiSearch.leastKnown(space, encoder, gp, incumbents.get(0), random)) {
        ranked.add(space.decode(x));
      }
    }
    for (double[] x : EiSearch.ranked(space, encoder, gp, best, incumbents, random)) {
      ranked.add(space.decode(x));
    }
    return ranked;
  }

  /**
   * The least noise ratio the fit may find: {@link GpFit#MIN_NOISE} for a sweep over its whole
   * space, {@link GpFit#REFINING_MIN_NOISE} for a narrowed sweep, one with earlier trials beyond
   * its bounds. The floor regularises: near a noiseless optimum the best trials differ by less
   * than a noise deviation of 1e-3 of the signal, so the model cannot tell them apart and places
   * the minimum by the bowl it fits to all the trials, which keeps a sweep that still has its
   * space to explore from turning greedy (a floor of 1e-8 for every sweep made the single sweep's
   * median at 50 trials worse on Branin, Hartmann-6 and Mixed-5). A narrowed sweep has no such
   * space left: the campaign gave it a box only because the model of every trial so far looks
   * there (references/worker-lanes.md, "Narrow only where the model looks"), so its work is the
   * last digits, and with the lower floor it resolves them (docs/BENCHMARKS.md, "A campaign
   * against a single sweep"). A real metric's noise is usually fitted above either floor, and
   * then the floor does not bind.
   */
  static double noiseFloor(boolean narrowed) {
    return narrowed ? GpFit.REFINING_MIN_NOISE : GpFit.MIN_NOISE;
  }

  private static int finite(List<Double> losses, int count) {
    int finite = 0;
    for (int i = 0; i < count; i++) {
      finite += Double.isFinite(losses.get(i)) ? 1 : 0;
    }
    return finite;
  }

  /**
   * The first {@code count} observations as the process sees them: failed ones imputed with the
   * worst loss (W&B's {@code impute: worst}), at most {@link #MAX_POINTS} kept, losses warped.
   */
  private record Data(List<Double> losses, List<Integer> kept, double[][] inputs,
      double[] targets) {
    static Data of(List<double[]> points, List<Double> rawLosses, int count, GpInputs encoder) {
      List<Double> losses = new ArrayList<>(rawLosses.subList(0, count));
      double worst = losses.stream().filter(Double::isFinite).mapToDouble(Double::doubleValue)
          .max().orElse(0);
      losses.replaceAll(loss -> Double.isFinite(loss) ? loss : worst);
      List<Integer> kept = bounded(losses);
      double[][] inputs = new double[kept.size()][];
      double[] raw = new double[kept.size()];
      for (int r = 0; r < kept.size(); r++) {
        inputs[r] = encoder.of(points.get(kept.get(r)));
        raw[r] = losses.get(kept.get(r));
      }
      return new Data(losses, kept, inputs, OutputWarping.warp(raw));
    }
  }

  /**
   * Indices of the observations the process is fitted on: all of them up to
   * {@link #MAX_POINTS}; past that the best half and the most recent of the rest.
   */
  static List<Integer> bounded(List<Double> losses) {
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < losses.size(); i++) {
      all.add(i);
    }
    if (all.size() <= MAX_POINTS) {
      return all;
    }
    List<Integer> byLoss = new ArrayList<>(all);
    byLoss.sort(Comparator.comparingDouble(losses::get));
    Set<Integer> kept = new TreeSet<>(byLoss.subList(0, MAX_POINTS / 2));
    for (int i = all.size() - 1; i >= 0 && kept.size() < MAX_POINTS; i--) {
      kept.add(i);
    }
    return new ArrayList<>(kept);
  }

  /** The process also conditioned on each pending trial at its own predicted mean. */
  private static GaussianProcess believe(GaussianProcess gp, List<Map<String, JsonNode>> pending,
      SearchSpace space, GpInputs encoder) {
    List<double[]> inputs = new ArrayList<>(List.of(gp.inputs()));
    List<Double> targets = new ArrayList<>();
    for (double t : gp.targets()) {
      targets.add(t);
    }
    for (Map<String, JsonNode> config : pending) {
      double[] x = space.encode(config);
      if (x != null) {
        double[] in = encoder.of(x);
        inputs.add(in);
        targets.add(gp.predict(in)[0]);
      }
    }
    if (inputs.size() == gp.size()) {
      return gp;
    }
    return GaussianProcess.of(inputs.toArray(double[][]::new),
        targets.stream().mapToDouble(Double::doubleValue).toArray(), gp.lengthScales(),
        gp.noiseRatio()).orElse(gp);
  }
}
