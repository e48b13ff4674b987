package dev.metaopt.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.backend.TrialRecord;
import dev.metaopt.json.Json;
import dev.metaopt.results.TrialRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The data the HTML report's charts are drawn from (report.js reads it): trials in order of
 * completion, parameter axes, each numeric parameter's range per iteration, the importance
 * ranking and spend over time.
 */
final class ReportData {
  private ReportData() {}

  static ObjectNode of(ReportModel m, List<TrialRow> rows, List<IterationStory> stories) {
    ObjectNode data = Json.object();
    data.put("metric", m.facts().metric());
    data.put("maximize", m.facts().maximize());
    data.put("iterationCount", stories.stream().mapToInt(IterationStory::iteration).max()
        .orElse(1));
    List<TrialRow> ordered = new ArrayList<>(rows);
    ordered.sort(Comparator.comparing((TrialRow r) -> r.iteration() == null ? 0 : r.iteration())
        .thenComparing(r -> r.trial().ended() == null ? Instant.MAX : r.trial().ended()));
    ArrayNode trials = data.putArray("trials");
    for (TrialRow row : ordered) {
      TrialRecord t = row.trial();
      ObjectNode o = trials.addObject();
      o.put("iteration", row.iteration());
      o.put("run", t.runId());
      o.put("value", t.hasResult() ? t.objective() : null);
      ObjectNode config = o.putObject("config");
      t.config().forEach(config::set);
    }
    data.set("params", params(m, rows, stories));
    data.set("spaces", spaces(stories));
    ArrayNode importance = data.putArray("importance");
    m.importance().ifPresent(r -> r.entries().forEach(e ->
        importance.addObject().put("name", e.name()).put("share", e.mainEffect())));
    data.set("spend", spend(m, ordered, stories));
    return data;
  }

  /** One parallel-coordinates axis per scalar parameter. */
  private static ArrayNode params(ReportModel m, List<TrialRow> rows,
      List<IterationStory> stories) {
    ArrayNode params = Json.mapper().createArrayNode();
    Set<String> names = new LinkedHashSet<>();
    rows.forEach(r -> names.addAll(r.trial().config().keySet()));
    for (String name : names) {
      List<JsonNode> values = rows.stream().map(r -> r.trial().config().get(name))
          .filter(v -> v != null && v.isValueNode() && !v.isNull()).toList();
      if (values.isEmpty()) {
        continue;
      }
      List<JsonNode> specs = new ArrayList<>();
      specs.add(m.facts().searchSpace().path(name));
      stories.forEach(s -> specs.add(s.parameters().path(name)));
      ObjectNode axis = params.addObject().put("name", name);
      boolean categorical = values.stream().anyMatch(v -> !v.isNumber())
          || specs.stream().anyMatch(s -> s.has("values"));
      if (categorical) {
        Set<String> categories = new LinkedHashSet<>();
        specs.forEach(s -> s.path("values").forEach(v -> categories.add(v.asText())));
        values.forEach(v -> categories.add(v.asText()));
        List<String> sorted = new ArrayList<>(categories);
        if (values.stream().allMatch(JsonNode::isNumber)) {
          sorted.sort(Comparator.comparingDouble(Double::parseDouble));
        }
        axis.put("kind", "category");
        sorted.forEach(axis.putArray("categories")::add);
      } else {
        double min = values.stream().mapToDouble(JsonNode::asDouble).min().orElse(0);
        double max = values.stream().mapToDouble(JsonNode::asDouble).max().orElse(1);
        boolean log = min > 0 && specs.stream().anyMatch(s -> s.path("distribution")
            .asText("").contains("log"));
        axis.put("kind", log ? "log" : "linear").put("min", min).put("max", max);
      }
    }
    return params;
  }

  /** Each numeric range parameter's [min, max] per iteration. */
  private static ArrayNode spaces(List<IterationStory> stories) {
    ArrayNode spaces = Json.mapper().createArrayNode();
    Set<String> names = new LinkedHashSet<>();
    stories.forEach(s -> s.parameters().fieldNames().forEachRemaining(names::add));
    for (String name : names) {
      ArrayNode ranges = Json.mapper().createArrayNode();
      boolean log = false;
      for (IterationStory s : stories) {
        JsonNode spec = s.parameters().path(name);
        String distribution = spec.path("distribution").asText("");
        if (spec.path("min").isNumber() && spec.path("max").isNumber()
            && !distribution.matches("log_uniform|q_log_uniform|normal|q_normal|log_normal"
                + "|q_log_normal")) {
          log |= distribution.contains("log");
          ranges.addObject().put("iteration", s.iteration()).put("min", spec.path("min")
              .asDouble()).put("max", spec.path("max").asDouble());
        }
      }
      if (!ranges.isEmpty()) {
        ObjectNode space = spaces.addObject().put("name", name).put("log", log);
        space.set("ranges", ranges);
      }
    }
    return spaces;
  }

  /**
   * Cumulative spend: trial by trial over time on the local backend (cost per hour × run
   * time), iteration by iteration elsewhere (what the backend's cost report said).
   */
  private static ObjectNode spend(ReportModel m, List<TrialRow> ordered,
      List<IterationStory> stories) {
    ObjectNode spend = Json.object();
    spend.put("budget", m.facts().budgetUsd());
    ArrayNode points = spend.putArray("points");
    boolean timed = m.facts().local() && ordered.stream().anyMatch(r -> r.trial().ended()
        != null);
    spend.put("mode", timed ? "time" : "iteration");
    double total = 0;
    if (timed) {
      List<TrialRow> ended = ordered.stream().filter(r -> r.trial().ended() != null)
          .sorted(Comparator.comparing(r -> r.trial().ended())).toList();
      Instant first = ended.get(0).trial().started() != null ? ended.get(0).trial().started()
          : ended.get(0).trial().ended();
      points.addArray().add(first.toEpochMilli()).add(0.0);
      for (TrialRow r : ended) {
        total += m.facts().costPerHourUsd() * (r.trial().duration() == null ? 0
            : r.trial().duration().toMillis() / 3_600_000.0);
        points.addArray().add(r.trial().ended().toEpochMilli()).add(total);
      }
    } else {
      for (IterationStory s : stories) {
        total += s.record().path("spend_usd").asDouble(0);
        points.addArray().add("iteration " + s.iteration()).add(total);
      }
    }
    return spend;
  }
}
