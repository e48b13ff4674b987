package dev.metaopt.report;

import static dev.metaopt.report.HtmlReport.esc;

import dev.metaopt.backend.TrialRecord;
import dev.metaopt.results.RepeatedConfiguration;
import dev.metaopt.results.TrialRow;
import dev.metaopt.results.TrialTables;
import dev.metaopt.stats.HumanNumber;
import java.util.List;

/** The text sections of the HTML report: each iteration's story and the failed trials. */
final class HtmlSections {
  private HtmlSections() {}

  static void iterations(StringBuilder h, ReportModel m, List<IterationStory> stories) {
    if (stories.isEmpty()) {
      return;
    }
    h.append("<h2>Iterations: what was searched and why</h2>\n");
    for (IterationStory s : stories) {
      h.append("<div class=\"iteration\"><h3>Iteration ").append(s.iteration());
      if (s.proposalId() != null) {
        h.append(" — ").append(esc(s.proposalId()));
      }
      h.append("</h3><ul>");
      if (s.record().path("best_metric_value").isNumber()) {
        h.append("<li>best ").append(esc(m.facts().metric())).append(" ")
            .append(HumanNumber.format(s.record().path("best_metric_value").asDouble()))
            .append(s.record().path("improved_baseline").asBoolean()
                ? " — improved on the best so far" : " — no improvement").append("</li>");
      }
      if (s.method() != null) {
        h.append("<li>method: ").append(esc(s.method())).append("</li>");
      }
      StringBuilder space = new StringBuilder();
      s.parameters().fields().forEachRemaining(e -> space.append(space.length() == 0 ? ""
          : " · ").append(e.getKey()).append(' ').append(SpaceText.of(e.getValue())));
      if (space.length() > 0) {
        h.append("<li>search space: ").append(esc(space.toString())).append("</li>");
      }
      item(h, "why this space (ideation)", s.ideationRationale());
      item(h, "why it was chosen (selection)", s.selectionRationale());
      if (!s.learnings().isEmpty()) {
        h.append("<li>what it showed:<ul>");
        s.learnings().forEach(l -> h.append("<li>").append(esc(l)).append("</li>"));
        h.append("</ul></li>");
      }
      h.append("</ul></div>\n");
    }
  }

  static void failures(StringBuilder h, List<TrialRow> rows) {
    List<TrialRow> failed = rows.stream().filter(r -> r.trial().endedWithoutResult()).toList();
    h.append("<h2>Failed trials</h2>\n");
    if (failed.isEmpty()) {
      h.append("<p class=\"muted\">Every trial that ended produced a result.</p>\n");
      return;
    }
    h.append("<div class=\"scroll\"><table><tr><th>iteration</th><th>run</th><th>state</th>"
        + "<th>why</th><th>last error line</th><th>configuration</th></tr>");
    for (TrialRow r : failed) {
      TrialRecord t = r.trial();
      h.append("<tr><td class=\"num\">").append(r.iteration() == null ? "?" : r.iteration())
          .append("</td><td>").append(esc(t.runId())).append("</td><td>").append(esc(t.state()))
          .append("</td><td>").append(esc(t.reason())).append("</td><td><code class=\"bad\">")
          .append(esc(t.errorLine())).append("</code></td><td>")
          .append(esc(TrialTables.human(t.config()))).append("</td></tr>");
    }
    h.append("</table></div>\n");
  }

  /** The final report's {@link Caveats} under the best run: its repeats and its bounds. */
  static void bestRunCaveats(StringBuilder h, ReportModel m) {
    Caveats.repeatsOfTheBest(m).ifPresent(line -> h.append("<p>").append(esc(line))
        .append("</p>\n"));
    List<String> bounds = Caveats.boundsOfTheBest(m);
    if (!bounds.isEmpty()) {
      h.append("<p>").append(esc(Caveats.BOUNDS_LEAD)).append("</p>\n<ul>");
      bounds.forEach(line -> h.append("<li>").append(esc(line)).append("</li>"));
      h.append("</ul>\n");
    }
  }

  /** The final report's table of configurations run more than once, when there are any. */
  static void noise(StringBuilder h, ReportModel m) {
    List<RepeatedConfiguration> repeated = m.repeated();
    if (repeated.isEmpty()) {
      return;
    }
    h.append("<h2>").append(esc(Caveats.NOISE_HEADING)).append("</h2>\n<p class=\"muted\">")
        .append(esc(Caveats.noiseLead(repeated))).append("</p>\n<div class=\"scroll\"><table>"
            + "<tr><th>configuration</th><th>runs</th><th>mean</th><th>sd</th>"
            + "<th>min – max</th></tr>");
    Caveats.noiseRows(repeated).forEach(r -> h.append("<tr><td>").append(esc(r.configuration()))
        .append("</td><td class=\"num\">").append(r.runs()).append("</td><td class=\"num\">")
        .append(esc(r.mean())).append("</td><td class=\"num\">").append(esc(r.sd()))
        .append("</td><td class=\"num\">").append(esc(r.range())).append("</td></tr>"));
    h.append("</table></div>\n");
    Caveats.noiseOmitted(repeated).ifPresent(line -> h.append("<p class=\"muted\">")
        .append(esc(line)).append("</p>\n"));
    h.append("<p>").append(esc(Caveats.noiseVerdict(m, repeated))).append("</p>\n");
  }

  private static void item(StringBuilder h, String label, String text) {
    if (text != null && !text.isBlank()) {
      h.append("<li>").append(esc(label)).append(": ").append(esc(text)).append("</li>");
    }
  }
}
