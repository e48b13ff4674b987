package dev.metaopt.backend.skypilot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the tables {@code sky} prints, by column header: SkyPilot renders them with prettytable
 * without borders, left-aligned, two spaces after each cell (sky/utils/log_utils.py create_table),
 * so a cell starts where its header starts. Columns are found by name, never by position, and
 * ANSI styles are removed first (some commands print them even when not on a terminal).
 */
final class SkyTable {
  private static final Pattern ANSI = Pattern.compile("\u001B\\[[;\\d]*m");

  private SkyTable() {}

  /**
   * The rows, keyed by their {@code NAME} cell, of every table in {@code output} whose header
   * has all of {@code columns}; each row maps a column to its (trimmed) cell.
   */
  static Map<String, Map<String, String>> rows(String output, List<String> columns) {
    Map<String, Map<String, String>> rows = new LinkedHashMap<>();
    List<String> header = null;
    List<Integer> starts = null;
    for (String raw : output.split("\n")) {
      String line = ANSI.matcher(raw).replaceAll("");
      if (isHeader(line, columns)) {
        header = headerNames(line);
        starts = new ArrayList<>();
        int from = 0;
        for (String name : header) {
          from = line.indexOf(name, from);
          starts.add(from);
        }
        continue;
      }
      if (header == null || line.isBlank() || Character.isWhitespace(line.charAt(0))) {
        header = line.isBlank() ? null : header;
        continue;
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        int from = Math.min(starts.get(i), line.length());
        int to = i + 1 < header.size() ? Math.min(starts.get(i + 1), line.length())
            : line.length();
        row.put(header.get(i), line.substring(from, Math.max(from, to)).strip());
      }
      rows.put(row.get("NAME"), row);
    }
    return rows;
  }

  private static boolean isHeader(String line, List<String> columns) {
    return line.startsWith("NAME") && columns.stream().allMatch(line::contains);
  }

  /** Header cells are separated by at least two spaces (names like "COST (est.)" have one). */
  private static List<String> headerNames(String line) {
    List<String> names = new ArrayList<>();
    for (String name : line.strip().split(" {2,}")) {
      names.add(name);
    }
    return names;
  }
}
