package dev.metaopt.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.metaopt.backend.TrialRecord;
import dev.metaopt.json.Json;
import dev.metaopt.stats.HumanNumber;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The campaign's trials as a table: CSV and JSON with full precision (for pandas, spreadsheets
 * and agents), and aligned text with numbers rounded for people.
 *
 * <p>Columns: {@code iteration, sweep_id, run_id, state, objective, duration_seconds}, one
 * {@code param.<name>} per parameter, one {@code metric.<name>} per other final metric, then
 * {@code started_at, ended_at, reason, error_line, url}.
 */
public final class TrialTables {
  private static final CsvMapper CSV = new CsvMapper();

  private TrialTables() {}

  /** RFC 4180 CSV with a header row, one row per trial. */
  public static String csv(CampaignTrials trials, List<TrialRow> rows) {
    List<String> params = trials.parameterNames();
    List<String> metrics = trials.otherMetricNames();
    List<String> header = new ArrayList<>(List.of("iteration", "sweep_id", "run_id", "state",
        "objective", "duration_seconds"));
    params.forEach(p -> header.add("param." + p));
    metrics.forEach(m -> header.add("metric." + m));
    header.addAll(List.of("started_at", "ended_at", "reason", "error_line", "url"));
    List<List<String>> lines = new ArrayList<>();
    lines.add(header);
    for (TrialRow row : rows) {
      TrialRecord t = row.trial();
      List<String> cells = new ArrayList<>(List.of(text(row.iteration()), t.sweepId(), t.runId(),
          t.state(), text(t.objective()), seconds(t.duration())));
      params.forEach(p -> cells.add(value(t.config().get(p))));
      metrics.forEach(m -> cells.add(text(t.metrics().get(m))));
      cells.addAll(List.of(text(t.started()), text(t.ended()), text(t.reason()),
          text(t.errorLine()), text(t.url())));
      lines.add(cells);
    }
    try {
      return CSV.writer(CsvSchema.emptySchema().withLineSeparator("\n"))
          .writeValueAsString(lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One JSON document: the objective and one object per trial. */
  public static ObjectNode json(CampaignTrials trials, List<TrialRow> rows) {
    ObjectNode doc = Json.object();
    doc.put("campaign_id", trials.facts().name());
    doc.putObject("objective").put("metric", trials.facts().metric())
        .put("direction", trials.facts().direction());
    ArrayNode array = doc.putArray("trials");
    for (TrialRow row : rows) {
      TrialRecord t = row.trial();
      ObjectNode o = array.addObject();
      if (row.iteration() == null) {
        o.putNull("iteration");
      } else {
        o.put("iteration", row.iteration());
      }
      o.put("sweep_id", t.sweepId());
      o.put("run_id", t.runId());
      o.put("state", t.state());
      o.put("objective", t.objective());
      ObjectNode config = o.putObject("config");
      t.config().forEach(config::set);
      ObjectNode metrics = o.putObject("metrics");
      t.metrics().forEach(metrics::put);
      o.put("started_at", text(t.started()).isEmpty() ? null : text(t.started()));
      o.put("ended_at", text(t.ended()).isEmpty() ? null : text(t.ended()));
      Duration d = t.duration();
      o.put("duration_seconds", d == null ? null : d.toMillis() / 1000.0);
      o.put("reason", t.reason());
      o.put("error_line", t.errorLine());
      o.put("url", t.url());
    }
    return doc;
  }

  /** An aligned text table with rounded numbers. */
  public static String text(CampaignTrials trials, List<TrialRow> rows) {
    List<String> params = trials.parameterNames();
    List<String> header = new ArrayList<>(List.of("iter", "run", "state",
        trials.facts().metric()));
    header.addAll(params);
    header.addAll(List.of("time", "reason"));
    List<List<String>> lines = new ArrayList<>();
    lines.add(header);
    for (TrialRow row : rows) {
      TrialRecord t = row.trial();
      List<String> cells = new ArrayList<>(List.of(row.iteration() == null ? "?"
          : row.iteration().toString(), t.runId(), t.state(), HumanNumber.format(t.objective())));
      params.forEach(p -> cells.add(human(t.config().get(p))));
      cells.add(t.duration() == null ? "—" : HumanNumber.format(t.duration().toMillis() / 1000.0)
          + "s");
      cells.add(t.reason() == null ? "" : t.reason());
      lines.add(cells);
    }
    return align(lines);
  }

  /** A configuration value for people: numbers rounded, text as is. */
  public static String human(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "—";
    }
    return value.isNumber() ? HumanNumber.format(value.asDouble())
        : value.isValueNode() ? value.asText() : Json.compact(value);
  }

  /** A configuration for people on one line: {@code lr=0.01, layers=2}. */
  public static String human(Map<String, JsonNode> config) {
    List<String> parts = new ArrayList<>();
    config.forEach((name, value) -> parts.add(name + "=" + human(value)));
    return String.join(", ", parts);
  }

  private static String align(List<List<String>> lines) {
    int columns = lines.get(0).size();
    int[] width = new int[columns];
    lines.forEach(l -> {
      for (int i = 0; i < columns; i++) {
        width[i] = Math.max(width[i], l.get(i).length());
      }
    });
    StringBuilder out = new StringBuilder();
    for (List<String> line : lines) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        text.append(String.format("%-" + width[i] + "s", line.get(i)));
        if (i < columns - 1) {
          text.append("  ");
        }
      }
      out.append(text.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  private static String value(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "";
    }
    return value.isValueNode() ? value.asText() : Json.compact(value);
  }

  private static String seconds(Duration duration) {
    return duration == null ? "" : Double.toString(duration.toMillis() / 1000.0);
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString();
  }
}
