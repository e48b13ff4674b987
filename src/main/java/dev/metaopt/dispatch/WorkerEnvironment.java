package dev.metaopt.dispatch;

import dev.metaopt.campaign.WorkerSettings;
import dev.metaopt.worker.MinimalEnvironment;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The environment a worker process starts with. */
public final class WorkerEnvironment {
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

  private WorkerEnvironment() {}

  /**
   * The base variables plus the lane's configured ones, with {@code ${env:NAME}} resolved
   * against {@code source} (metaopt's own environment).
   *
   * @throws IllegalArgumentException naming the variable when a reference is not set
   */
  public static Map<String, String> of(WorkerSettings settings, Map<String, String> source) {
    Map<String, String> result = MinimalEnvironment.from(source);
    for (Map.Entry<String, String> entry : settings.env().entrySet()) {
      Matcher matcher = REFERENCE.matcher(entry.getValue());
      StringBuilder value = new StringBuilder();
      while (matcher.find()) {
        String referenced = source.get(matcher.group(1));
        if (referenced == null) {
          throw new IllegalArgumentException("env " + entry.getKey() + " references ${env:"
              + matcher.group(1) + "}, which is not set in metaopt's environment");
        }
        matcher.appendReplacement(value, Matcher.quoteReplacement(referenced));
      }
      matcher.appendTail(value);
      result.put(entry.getKey(), value.toString());
    }
    return result;
  }
}
