package dev.metaopt.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.results.DeclaredBounds;
import dev.metaopt.results.RepeatedConfiguration;
import dev.metaopt.results.TrialTables;
import dev.metaopt.stats.HumanNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the final report says to read its numbers by: the noise of configurations run more than
 * once (against the improvement threshold and under the best run), and best values on a bound of
 * the declared space.
 */
final class MarkdownCaveats {
  /** More repeated configurations than this are not listed. */
  static final int MAX_LISTED_REPEATS = 20;

  private MarkdownCaveats() {}

  /**
   * The configurations run more than once and how far their results spread: the noise any
   * difference between trials, and the improvement threshold, should be read against.
   */
  static void noise(StringBuilder md, ReportModel m) {
    List<RepeatedConfiguration> repeated = RepeatedConfiguration.of(m.trials());
    if (repeated.isEmpty()) {
      return;
    }
    md.append("## Repeated configurations: the noise\n\n").append(repeated.size())
        .append(" configuration(s) ran more than once (compute.max_runs_per_config). The spread"
            + " of one configuration's results is the noise of training itself: trials that"
            + " differ by less than it may differ by luck.\n\n")
        .append("| configuration | runs | mean | sd | min – max |\n|---|---|---|---|---|\n");
    repeated.stream().limit(MAX_LISTED_REPEATS).forEach(r -> md.append("| ")
        .append(configuration(r.config())).append(" | ").append(r.values().size())
        .append(" | ").append(HumanNumber.format(r.mean())).append(" | ")
        .append(HumanNumber.format(r.sd())).append(" | ").append(HumanNumber.format(r.min()))
        .append(" – ").append(HumanNumber.format(r.max())).append(" |\n"));
    if (repeated.size() > MAX_LISTED_REPEATS) {
      md.append("\n(the first ").append(MAX_LISTED_REPEATS).append(" of ")
          .append(repeated.size()).append("; `metaopt trials --csv` has every run)\n");
    }
    double noise = RepeatedConfiguration.medianSd(repeated);
    double threshold = m.state().path("objective_snapshot").path("improvement_threshold")
        .asDouble(0);
    md.append("\nMedian sd: ").append(HumanNumber.format(noise)).append(". ");
    if (threshold < noise) {
      md.append("objective.improvement_threshold (").append(HumanNumber.format(threshold))
          .append(") is below it, so an iteration can count as an improvement by luck; a"
              + " threshold of about ").append(HumanNumber.format(noise))
          .append(" counts only what the noise cannot explain.\n\n");
    } else {
      md.append("objective.improvement_threshold (").append(HumanNumber.format(threshold))
          .append(") is above it: an improvement the campaign counts is larger than the"
              + " noise.\n\n");
    }
  }

  /** When the best run's configuration ran more than once: what a rerun should expect. */
  static void repeatsOfTheBest(StringBuilder md, ReportModel m, Map<String, JsonNode> best) {
    RepeatedConfiguration.of(m.trials()).stream().filter(r -> r.is(best)).findFirst()
        .ifPresent(r -> md.append("This configuration ran ").append(r.values().size())
            .append(" times: mean ").append(HumanNumber.format(r.mean())).append(", sd ")
            .append(HumanNumber.format(r.sd())).append(" (").append(HumanNumber.format(r.min()))
            .append(" – ").append(HumanNumber.format(r.max())).append("); the best run is the"
                + " best of those runs, so expect about the mean when you rerun it.\n\n"));
  }

  private static String configuration(Map<String, JsonNode> config) {
    List<String> parts = new ArrayList<>();
    config.forEach((name, value) -> parts.add(name + "=" + TrialTables.human(value)));
    return String.join(", ", parts);
  }

  /** The best run's parameters on a bound of the declared space, and what would search past. */
  static void boundsOfTheBest(StringBuilder md, ReportModel m) {
    List<DeclaredBounds.Hit> hits = m.best().map(b -> DeclaredBounds.of(m.facts().searchSpace(),
        b.row().trial().config())).orElse(List.of());
    if (hits.isEmpty()) {
      return;
    }
    String file = m.facts().campaignPath() == null ? "the campaign file"
        : "`" + m.facts().campaignPath() + "`";
    md.append("\nThe best run sits on a bound of the declared search space, which metaopt never"
        + " searches past (a bound may be a real limit):\n\n");
    for (DeclaredBounds.Hit hit : hits) {
      boolean max = hit.bound().equals("max");
      md.append("- ").append(hit.parameter()).append(" = ").append(HumanNumber.format(hit.value()))
          .append(" is the ").append(hit.bound()).append(" of search_space.")
          .append(hit.parameter()).append(" (").append(SpaceText.of(hit.spec()))
          .append("): better values may lie ").append(max ? "above" : "below")
          .append(" it. If ").append(hit.parameter()).append(" may go ")
          .append(max ? "higher" : "lower").append(", ").append(max ? "raise" : "lower")
          .append(" search_space.").append(hit.parameter()).append('.').append(hit.bound())
          .append(" in ").append(file).append(".\n");
    }
  }
}
