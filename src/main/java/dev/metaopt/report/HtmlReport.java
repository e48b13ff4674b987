package dev.metaopt.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.backend.TrialRecord;
import dev.metaopt.json.Json;
import dev.metaopt.results.TrialRow;
import dev.metaopt.stats.HumanNumber;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The HTML reports: one self-contained file each (styles, data, ECharts and the drawing script
 * inlined; nothing fetched), with the best-so-far curve, parallel coordinates, parameter
 * importance, each numeric parameter's search range per iteration, spend against the budget,
 * each iteration's rationale and every failed trial with its error line.
 */
final class HtmlReport {
  private static final String ECHARTS = resource("META-INF/resources/webjars/echarts/"
      + echartsVersion() + "/dist/echarts.min.js");
  private static final String CSS = resource("report/report.css");
  private static final String SCRIPT = resource("report/report.js");
  /** Records JS errors into the page itself, before anything else runs. */
  private static final String ERROR_TRAP = "window.addEventListener('error',function(e){"
      + "document.documentElement.setAttribute('data-error',String(e.message));});";

  private HtmlReport() {}

  /** The final report, or iteration {@code n}'s when {@code n} is not null. */
  static String render(ReportModel m, Integer n) {
    List<TrialRow> rows = n == null ? m.trials() : m.trials(n);
    List<IterationStory> stories = n == null ? m.stories()
        : m.stories().stream().filter(s -> s.iteration() == n).toList();
    ObjectNode data = ReportData.of(m, rows, stories);
    StringBuilder h = new StringBuilder();
    String title = (n == null ? "Final report" : "Iteration " + n) + " — " + m.facts().name();
    h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(esc(title)).append("</title>\n<style>").append(CSS)
        .append("</style>\n<script>").append(ERROR_TRAP).append("</script>\n</head>\n<body>\n")
        .append("<main>\n<h1>").append(esc(title)).append("</h1>\n<p class=\"lead\">")
        .append(esc(m.facts().direction() + " " + m.objective())).append("</p>\n");
    summary(h, m, rows);
    if (n == null) {
      HtmlSections.bestRunCaveats(h, m);
    }
    long results = rows.stream().filter(r -> r.trial().hasResult()).count();
    if (results > 0) {
      h.append("<h2>Optimisation history</h2>\n<div id=\"chart-history\" class=\"chart\">"
          + "</div>\n<h2>Parameters and the objective</h2>\n<div id=\"chart-parallel\""
          + " class=\"chart\"></div>\n");
    }
    if (n == null && m.importance().isPresent()) {
      h.append("<h2>Which parameters mattered</h2>\n<p class=\"muted\">fANOVA on a random"
          + " forest over ").append(m.importance().get().trials()).append(" finished trials of"
          + " every iteration; interactions and noise: ")
          .append(percent(m.importance().get().interactions()))
          .append(". See docs/results.md for the method.</p>\n<div id=\"chart-importance\""
              + " class=\"chart\"></div>\n");
    }
    if (n == null) {
      HtmlSections.noise(h, m);
    }
    int spaces = data.path("spaces").size();
    if (spaces > 0) {
      h.append("<h2>Search space over time</h2>\n<p class=\"muted\">Boxes: the range each"
          + " iteration searched; dots: the values its trials tried.</p>\n<div class=\"grid2\">");
      for (int i = 0; i < spaces; i++) {
        h.append("<div id=\"chart-space-").append(i).append("\" class=\"chart small\"></div>");
      }
      h.append("</div>\n");
    }
    HtmlSections.iterations(h, m, stories);
    HtmlSections.failures(h, rows);
    h.append("<h2>Spend</h2>\n<div id=\"chart-spend\" class=\"chart small\"></div>\n");
    h.append("</main>\n<script type=\"application/json\" id=\"report-data\">")
        .append(Json.compact(data).replace("</", "<\\/")).append("</script>\n<script>")
        .append(ECHARTS).append("</script>\n<script>").append(SCRIPT)
        .append("</script>\n</body></html>\n");
    return h.toString();
  }

  private static void summary(StringBuilder h, ReportModel m, List<TrialRow> rows) {
    h.append("<div class=\"cards\">");
    card(h, "status", m.state().path("status").asText());
    m.best().ifPresent(b -> card(h, "best " + m.facts().metric(),
        HumanNumber.format(b.row().trial().objective())));
    long failed = rows.stream().filter(r -> r.trial().endedWithoutResult()).count();
    card(h, "trials", rows.size() + (failed > 0 ? " (" + failed + " failed)" : ""));
    card(h, "spend", HumanNumber.cents(Reports.totalSpend(m.state())) + " USD"
        + (m.facts().budgetUsd() == null ? "" : " of " + HumanNumber.format(m.facts()
            .budgetUsd())));
    h.append("</div>\n");
    if (m.stopReason() != null) {
      h.append("<p>Stopped because ").append(esc(m.stopReason())).append(".</p>\n");
    }
    m.best().ifPresent(b -> {
      TrialRecord t = b.row().trial();
      h.append("<h2>Best run</h2>\n<p>").append(esc(t.runId())).append(" (iteration ")
          .append(b.row().iteration()).append(")");
      if (t.url() != null) {
        h.append(" — <a href=\"").append(esc(t.url())).append("\">run page</a>");
      }
      h.append("</p>\n");
      b.shellLine().ifPresent(line -> h.append("<pre>").append(esc(line)).append("</pre>\n"));
    });
    if (m.trialsProblem() != null) {
      h.append("<p class=\"bad\">The trial table could not be read: ")
          .append(esc(m.trialsProblem())).append("</p>\n");
    }
  }

  private static void card(StringBuilder h, String key, String value) {
    h.append("<div class=\"card\"><div class=\"k\">").append(esc(key))
        .append("</div><div class=\"v\">").append(esc(value)).append("</div></div>");
  }

  static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  /** Text made safe for HTML element content and attribute values. */
  static String esc(String text) {
    return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;")
        .replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
  }

  private static String echartsVersion() {
    Properties p = new Properties();
    try (InputStream in = HtmlReport.class.getResourceAsStream("/metaopt-version.properties")) {
      p.load(in);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("metaopt-version.properties is missing from the jar", e);
    }
    return p.getProperty("echarts");
  }

  private static String resource(String name) {
    try (InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the jar; rebuild metaopt");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
