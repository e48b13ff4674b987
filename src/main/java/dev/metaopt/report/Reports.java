package dev.metaopt.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.io.AtomicFiles;
import dev.metaopt.io.ProjectLayout;
import java.nio.file.Path;

/**
 * Writes the human reports: {@code reports/iteration-N.md} and {@code .html} after every
 * rollover, and {@code final_report.md} and {@code .html} when a campaign ends COMPLETE or
 * BLOCKED_CONFIG. All are pure functions of the campaign's files, so regenerating them is safe.
 */
public final class Reports {
  private Reports() {}

  /** Writes {@code reports/iteration-<n>.md} (and its HTML twin); returns the Markdown path. */
  public static Path writeIterationReport(ProjectLayout layout, ObjectNode state, int iteration) {
    ReportModel model = ReportModel.of(layout, state);
    Path file = layout.reportsDir().resolve("iteration-" + iteration + ".md");
    AtomicFiles.writeString(file, MarkdownReport.iterationReport(model, iteration));
    AtomicFiles.writeString(layout.reportsDir().resolve("iteration-" + iteration + ".html"),
        HtmlReport.render(model, iteration));
    return file;
  }

  /** Writes {@code final_report.md} (and its HTML twin); returns the Markdown path. */
  public static Path writeFinalReport(ProjectLayout layout, ObjectNode state) {
    ReportModel model = ReportModel.of(layout, state);
    Path file = layout.finalReport();
    AtomicFiles.writeString(file, MarkdownReport.finalReport(model));
    AtomicFiles.writeString(finalHtml(layout), HtmlReport.render(model, null));
    return file;
  }

  /** {@code final_report.html}, next to {@code final_report.md}. */
  public static Path finalHtml(ProjectLayout layout) {
    return layout.metaoptDir().resolve("final_report.html");
  }

  /** The spend of every completed iteration. */
  static double totalSpend(ObjectNode state) {
    double total = 0.0;
    for (JsonNode record : state.path("completed_iterations")) {
      total += record.path("spend_usd").asDouble(0.0);
    }
    return total;
  }
}
