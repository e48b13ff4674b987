package dev.metaopt.report;

import dev.metaopt.results.RepeatedConfiguration;
import java.util.List;

/** The {@link Caveats} in the Markdown report. */
final class MarkdownCaveats {
  private MarkdownCaveats() {}

  /** The section on configurations run more than once, when there are any. */
  static void noise(StringBuilder md, ReportModel m) {
    List<RepeatedConfiguration> repeated = m.repeated();
    if (repeated.isEmpty()) {
      return;
    }
    md.append("## ").append(Caveats.NOISE_HEADING).append("\n\n")
        .append(Caveats.noiseLead(repeated)).append("\n\n")
        .append("| configuration | runs | mean | sd | min – max |\n|---|---|---|---|---|\n");
    Caveats.noiseRows(repeated).forEach(r -> md.append("| ").append(r.configuration())
        .append(" | ").append(r.runs()).append(" | ").append(r.mean()).append(" | ")
        .append(r.sd()).append(" | ").append(r.range()).append(" |\n"));
    Caveats.noiseOmitted(repeated).ifPresent(line -> md.append('\n').append(line).append('\n'));
    md.append('\n').append(Caveats.noiseVerdict(m, repeated)).append("\n\n");
  }

  /** Under "Best run": what a rerun should expect when its configuration ran more than once. */
  static void repeatsOfTheBest(StringBuilder md, ReportModel m) {
    Caveats.repeatsOfTheBest(m).ifPresent(line -> md.append(line).append("\n\n"));
  }

  /** Under "What next": the best run's parameters on a bound of the declared space. */
  static void boundsOfTheBest(StringBuilder md, ReportModel m) {
    List<String> bounds = Caveats.boundsOfTheBest(m);
    if (bounds.isEmpty()) {
      return;
    }
    md.append('\n').append(Caveats.BOUNDS_LEAD).append("\n\n");
    bounds.forEach(line -> md.append("- ").append(line).append('\n'));
  }
}
