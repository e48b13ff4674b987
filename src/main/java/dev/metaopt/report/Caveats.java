package dev.metaopt.report;

import dev.metaopt.results.DeclaredBounds;
import dev.metaopt.results.RepeatedConfiguration;
import dev.metaopt.results.TrialTables;
import dev.metaopt.stats.HumanNumber;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the final report says to read its numbers by, as plain sentences both the Markdown and
 * the HTML report print: the noise of configurations run more than once (against the improvement
 * threshold, and under the best run), and best values on a bound of the declared space.
 */
final class Caveats {
  /** More repeated configurations than this are not listed. */
  static final int MAX_LISTED_REPEATS = 20;
  static final String NOISE_HEADING = "Repeated configurations: the noise";
  static final String BOUNDS_LEAD = "The best run sits on a bound of the declared search space,"
      + " which metaopt never searches past (a bound may be a real limit):";

  private Caveats() {}

  /** One repeated configuration as a table row: configuration, runs, mean, sd, range. */
  record NoiseRow(String configuration, int runs, String mean, String sd, String range) {}

  /** The order reports list repeated configurations in: most runs first, then the best mean. */
  static List<RepeatedConfiguration> ordered(List<RepeatedConfiguration> repeated,
      boolean maximize) {
    Comparator<RepeatedConfiguration> byMean = Comparator.comparingDouble(
        RepeatedConfiguration::mean);
    return repeated.stream()
        .sorted(Comparator.comparingInt((RepeatedConfiguration r) -> -r.values().size())
            .thenComparing(maximize ? byMean.reversed() : byMean))
        .toList();
  }

  static String noiseLead(List<RepeatedConfiguration> repeated) {
    return repeated.size() + " configuration(s) ran more than once"
        + " (compute.max_runs_per_config). The spread of one configuration's results is the"
        + " noise of training itself: trials that differ by less than it may differ by luck.";
  }

  static List<NoiseRow> noiseRows(List<RepeatedConfiguration> repeated) {
    return repeated.stream().limit(MAX_LISTED_REPEATS).map(r -> new NoiseRow(
        TrialTables.human(r.config()), r.values().size(), HumanNumber.format(r.mean()),
        HumanNumber.format(r.sd()), HumanNumber.format(r.min()) + " – "
            + HumanNumber.format(r.max()))).toList();
  }

  /** "(the first 20 of N ...)" when not every repeated configuration is listed. */
  static Optional<String> noiseOmitted(List<RepeatedConfiguration> repeated) {
    return repeated.size() > MAX_LISTED_REPEATS
        ? Optional.of("(the first " + MAX_LISTED_REPEATS + " of " + repeated.size()
            + "; 'metaopt trials --csv' has every run)") : Optional.empty();
  }

  /** The median sd held against {@code objective.improvement_threshold}. */
  static String noiseVerdict(ReportModel m, List<RepeatedConfiguration> repeated) {
    double noise = RepeatedConfiguration.medianSd(repeated);
    double threshold = m.state().path("objective_snapshot").path("improvement_threshold")
        .asDouble(0);
    String verdict = "Median sd: " + HumanNumber.format(noise) + ". "
        + "objective.improvement_threshold (" + HumanNumber.format(threshold) + ") is ";
    return verdict + (threshold < noise
        ? "below it, so an iteration can count as an improvement by luck; a threshold of about "
            + HumanNumber.format(noise) + " counts only what the noise cannot explain."
        : "above it: an improvement the campaign counts is larger than the noise.");
  }

  /** When the best run's configuration ran more than once: what a rerun should expect. */
  static Optional<String> repeatsOfTheBest(ReportModel m) {
    return m.best().flatMap(best -> m.repeated().stream()
        .filter(r -> r.is(best.row().trial().config())).findFirst()
        .map(r -> "This configuration ran " + r.values().size() + " times: mean "
            + HumanNumber.format(r.mean()) + ", sd " + HumanNumber.format(r.sd()) + " ("
            + HumanNumber.format(r.min()) + " – " + HumanNumber.format(r.max()) + "); the best"
            + " run is the best of those runs, so expect about the mean when you rerun it."));
  }

  /** One sentence per parameter of the best run on a bound of the declared space. */
  static List<String> boundsOfTheBest(ReportModel m) {
    List<DeclaredBounds.Hit> hits = m.best().map(b -> DeclaredBounds.of(m.facts().searchSpace(),
        b.row().trial().config())).orElse(List.of());
    String file = m.facts().campaignPath() == null ? "the campaign file"
        : m.facts().campaignPath();
    List<String> sentences = new ArrayList<>();
    for (DeclaredBounds.Hit hit : hits) {
      boolean max = hit.bound().equals("max");
      sentences.add(hit.parameter() + " = " + HumanNumber.format(hit.value()) + " is the "
          + hit.bound() + " of search_space." + hit.parameter() + " ("
          + SpaceText.of(hit.spec()) + "): better values may lie " + (max ? "above" : "below")
          + " it. If " + hit.parameter() + " may go " + (max ? "higher" : "lower") + ", "
          + (max ? "raise" : "lower") + " search_space." + hit.parameter() + "." + hit.bound()
          + " in " + file + ".");
    }
    return sentences;
  }
}
