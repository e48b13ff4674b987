package dev.metaopt.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.results.ShellLine;
import dev.metaopt.stats.HumanNumber;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations, configurations and commands written for people ({@code 1m12s},
 * {@code lr=0.0005 hidden=32}; numbers through {@link HumanNumber}): what the terminal shows.
 * Files keep full precision.
 */
public final class Human {
  /** {@code .ml-metaopt} at the start of a word (not already inside an absolute path). */
  private static final Pattern RELATIVE_METAOPT =
      Pattern.compile("(?<![\\w/.-])\\.ml-metaopt(?=/|[\\s'\"`),.;:]|$)");

  private Human() {}

  /** {@code 4.1s}, {@code 42s}, {@code 1m12s}, {@code 2h05m}. */
  public static String duration(Duration duration) {
    long millis = Math.max(0, duration.toMillis());
    if (millis < 10_000) {
      return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }
    long seconds = Math.round(millis / 1000.0);
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return (seconds / 60) + "m" + String.format(Locale.ROOT, "%02d", seconds % 60) + "s";
    }
    return (seconds / 3600) + "h" + String.format(Locale.ROOT, "%02d", seconds % 3600 / 60) + "m";
  }

  /** The command that continues the campaign in {@code projectDir}, ready to paste. */
  public static String resumeCommand(Path projectDir) {
    return "metaopt resume -C "
        + ShellLine.quote(projectDir.toAbsolutePath().normalize().toString());
  }

  /**
   * {@code text} with each {@code .ml-metaopt} path made absolute: a message must work from
   * whatever directory it is read in.
   */
  public static String absolutePaths(String text, ProjectLayout layout) {
    return RELATIVE_METAOPT.matcher(text)
        .replaceAll(Matcher.quoteReplacement(layout.metaoptDir().toString()));
  }

  /** A trial's configuration as {@code lr=0.0005 hidden=32 activation=relu}. */
  public static String config(JsonNode config) {
    StringBuilder text = new StringBuilder();
    appendConfig(text, "", config);
    return text.toString().strip();
  }

  private static void appendConfig(StringBuilder text, String prefix, JsonNode node) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode value = field.getValue();
      if (value.isObject()) {
        appendConfig(text, prefix + field.getKey() + ".", value);
      } else {
        text.append(' ').append(prefix).append(field.getKey()).append('=')
            .append(value.isNumber() ? HumanNumber.format(value.asDouble())
                : value.isTextual() ? value.asText() : value.toString());
      }
    }
  }
}
