package dev.metaopt.backend.skypilot;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code sky cost-report --all} (command.py cost_report, status_utils.py
 * show_cost_report_table): without {@code --all} only the 5 most recent clusters are listed, so
 * the backend always asks for all. Columns are read by header: {@code COST (est.)} is the cost so
 * far ({@code -} when it is 0), {@code COST/hr} the hourly price, {@code DURATION} how long the
 * cluster was up ({@code 1h 2m 23s}). SkyPilot itself warns that estimates may be off for
 * clusters with autostop or autodown, and Kubernetes prices nothing without a pricing config, so a
 * cluster is charged the larger of its estimate and hours up × hourly price, the price being the
 * larger of {@code COST/hr} and the campaign's {@code compute.cost_per_hour_usd}.
 */
final class CostReport {
  /** One cluster's line. */
  record Row(double cost, double perHour, double hours) {}

  private static final List<String> COLUMNS = List.of("NAME", "DURATION", "COST/hr",
      "COST (est.)");
  private static final Pattern MONEY = Pattern.compile("\\$\\s*([0-9]+(?:\\.[0-9]+)?)");
  private static final Pattern PART = Pattern.compile("(\\d+)\\s*(mo|w|d|h|m|s)");

  private CostReport() {}

  static Map<String, Row> parse(String output) {
    Map<String, Row> rows = new LinkedHashMap<>();
    SkyTable.rows(output, COLUMNS).forEach((name, row) -> rows.put(name, new Row(
        money(row.get("COST (est.)")), money(row.get("COST/hr")), hours(row.get("DURATION")))));
    return rows;
  }

  /** What {@code clusters} cost: per cluster the larger of the estimate and the floor. */
  static double spend(Map<String, Row> rows, Collection<String> clusters, double ratePerHour) {
    double total = 0;
    for (String cluster : clusters) {
      Row row = rows.get(cluster);
      if (row != null) {
        total += Math.max(row.cost(), row.hours() * Math.max(row.perHour(), ratePerHour));
      }
    }
    return total;
  }

  /** {@code $ 1.20} as 1.20; {@code -} (SkyPilot's rendering of 0) or anything else as 0. */
  static double money(String cell) {
    Matcher matcher = MONEY.matcher(cell == null ? "" : cell);
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
  }

  /** pendulum's words shortened by log_utils.readable_time_duration: {@code 1d 2h 3m 4s}. */
  static double hours(String cell) {
    double hours = 0;
    Matcher matcher = PART.matcher(cell == null ? "" : cell);
    while (matcher.find()) {
      double n = Double.parseDouble(matcher.group(1));
      hours += switch (matcher.group(2)) {
        case "mo" -> n * 24 * 30;
        case "w" -> n * 24 * 7;
        case "d" -> n * 24;
        case "h" -> n;
        case "m" -> n / 60;
        default -> n / 3600;
      };
    }
    return hours;
  }
}
