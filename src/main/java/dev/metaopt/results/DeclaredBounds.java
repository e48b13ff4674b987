package dev.metaopt.results;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.campaign.ParameterBounds;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The parameters whose best value sits on a bound of the declared {@code search_space}. The
 * campaign never searches past those bounds by itself (ideation narrows and widens only inside
 * them, since a bound may be a real limit: a dropout below 1, a positive learning rate), so the
 * person who declared them is the one to tell where a wider space might pay.
 */
public final class DeclaredBounds {
  /**
   * One parameter on a bound.
   *
   * @param parameter the parameter's dotted path in {@code search_space}
   * @param value the best run's value
   * @param bound {@code min} or {@code max}
   * @param spec the declared spec
   */
  public record Hit(String parameter, double value, String bound, JsonNode spec) {}

  private DeclaredBounds() {}

  /** The parameters of {@code searchSpace} whose value in {@code config} is on a bound. */
  public static List<Hit> of(JsonNode searchSpace, Map<String, JsonNode> config) {
    List<Hit> hits = new ArrayList<>();
    collect(searchSpace, "", config, hits);
    return hits;
  }

  private static void collect(JsonNode space, String prefix, Map<String, JsonNode> config,
      List<Hit> hits) {
    for (Iterator<Map.Entry<String, JsonNode>> it = space.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String path = prefix + entry.getKey();
      JsonNode spec = entry.getValue();
      if (spec.path("parameters").isObject()) {
        collect(spec.path("parameters"), path + ".", config, hits);
        continue;
      }
      JsonNode value = config.get(path);
      if (value == null || !value.isNumber() || !spec.path("min").isNumber()
          || !spec.path("max").isNumber()
          || !ParameterBounds.boundsTheValues(spec.path("distribution").asText(""))) {
        continue;
      }
      // a quantised value is on a bound when no step fits between them
      double tolerance = Math.max(spec.path("q").asDouble(0) / 2,
          1e-9 * Math.max(1, Math.abs(value.asDouble())));
      if (value.asDouble() <= spec.path("min").asDouble() + tolerance) {
        hits.add(new Hit(path, value.asDouble(), "min", spec));
      } else if (value.asDouble() >= spec.path("max").asDouble() - tolerance) {
        hits.add(new Hit(path, value.asDouble(), "max", spec));
      }
    }
  }
}
