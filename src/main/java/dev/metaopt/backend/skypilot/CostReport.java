package dev.metaopt.backend.skypilot;

import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code sky cost-report}: one table row per cluster, the last dollar amount of the row
 * being its total cost so far. Only the rows of our clusters count.
 */
final class CostReport {
  private static final Pattern DOLLARS = Pattern.compile("\\$\\s*([0-9]+(?:\\.[0-9]+)?)");

  private CostReport() {}

  static double total(String report, Collection<String> clusters) {
    double total = 0;
    for (String line : report.split("\n")) {
      String[] columns = line.trim().split("\\s+");
      if (columns.length == 0 || !clusters.contains(columns[0])) {
        continue;
      }
      Matcher matcher = DOLLARS.matcher(line);
      double last = 0;
      while (matcher.find()) {
        last = Double.parseDouble(matcher.group(1));
      }
      total += last;
    }
    return total;
  }
}
