package dev.metaopt.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.ExitCode;
import dev.metaopt.MetaoptException;
import dev.metaopt.backend.TrialRecord;
import dev.metaopt.backend.local.LocalTrials;
import dev.metaopt.backend.skypilot.WandbTrials;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.json.Json;
import dev.metaopt.state.StateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every trial of every sweep of a campaign, with the iteration that ran it: the table behind
 * {@code metaopt trials}, {@code metaopt best}, the reports and the W&B export. Local sweeps are
 * read from their files; SkyPilot + W&B sweeps from the W&B API ({@link #live}) or, where no
 * network is wanted (reports written at the end of a run), from the last poll recorded for each
 * iteration ({@link #recorded}).
 */
public final class CampaignTrials {
  private static final Pattern POLL = Pattern.compile("poll-sweep-iter-(\\d+)-(\\d+)\\.json");

  private final ProjectLayout layout;
  private final ObjectNode state;
  private final CampaignFacts facts;
  private final Map<String, Integer> iterationOfSweep;
  private final List<TrialRow> rows;

  private CampaignTrials(ProjectLayout layout, ObjectNode state, CampaignFacts facts,
      Map<String, Integer> iterationOfSweep, List<TrialRow> rows) {
    this.layout = layout;
    this.state = state;
    this.facts = facts;
    this.iterationOfSweep = iterationOfSweep;
    this.rows = List.copyOf(rows);
  }

  /** The campaign's trials, remote ones read now from the W&B API with {@code environment}. */
  public static CampaignTrials live(ProjectLayout layout, Map<String, String> environment) {
    return load(layout, readState(layout), environment);
  }

  /** The campaign's trials as recorded on disk (no network). */
  public static CampaignTrials recorded(ProjectLayout layout, ObjectNode state) {
    return load(layout, state, null);
  }

  private static CampaignTrials load(ProjectLayout layout, ObjectNode state,
      Map<String, String> environment) {
    CampaignFacts facts = CampaignFacts.of(layout, state);
    Map<String, Integer> sweeps = sweepIterations(layout, state);
    List<TrialRow> rows = new ArrayList<>();
    if (facts.local()) {
      Set<String> all = new LinkedHashSet<>(sweeps.keySet());
      all.addAll(LocalTrials.sweepIds(layout.metaoptDir()));
      for (String sweepId : all) {
        if (Files.isRegularFile(layout.metaoptDir().resolve("local-sweeps").resolve(sweepId)
            .resolve("sweep.json"))) {
          LocalTrials.read(layout.metaoptDir(), sweepId)
              .forEach(t -> rows.add(new TrialRow(sweeps.get(sweepId), t)));
        }
      }
    } else {
      sweeps.forEach((sweepId, iteration) -> {
        List<TrialRecord> trials = environment != null
            ? WandbTrials.read(environment, facts.entity(), facts.project(), sweepId,
                facts.metric())
            : lastPoll(layout, iteration, sweepId, facts.metric());
        trials.forEach(t -> rows.add(new TrialRow(iteration, t)));
      });
    }
    return new CampaignTrials(layout, state, facts, sweeps, rows);
  }

  /** Every trial, by iteration and then in the order they started. */
  public List<TrialRow> rows() {
    return rows;
  }

  /** The trials of one iteration. */
  public List<TrialRow> rows(int iteration) {
    return rows.stream().filter(r -> r.iteration() != null && r.iteration() == iteration)
        .toList();
  }

  public CampaignFacts facts() {
    return facts;
  }

  public ObjectNode state() {
    return state;
  }

  public ProjectLayout layout() {
    return layout;
  }

  /** The iteration whose sweep is {@code sweepId}. */
  public Optional<Integer> iterationOf(String sweepId) {
    return Optional.ofNullable(iterationOfSweep.get(sweepId));
  }

  /** Parameter names in first-seen order. */
  public List<String> parameterNames() {
    Set<String> names = new LinkedHashSet<>();
    rows.forEach(r -> names.addAll(r.trial().config().keySet()));
    return List.copyOf(names);
  }

  /** Metric names other than the objective, in first-seen order. */
  public List<String> otherMetricNames() {
    Set<String> names = new LinkedHashSet<>();
    rows.forEach(r -> names.addAll(r.trial().metrics().keySet()));
    names.remove(facts.metric());
    return List.copyOf(names);
  }

  /** The best trial with a result, by the objective's direction (earliest wins a tie). */
  public Optional<TrialRow> best() {
    TrialRow best = null;
    for (TrialRow row : rows) {
      if (row.trial().hasResult() && (best == null
          || facts.better(row.trial().objective(), best.trial().objective()))) {
        best = row;
      }
    }
    return Optional.ofNullable(best);
  }

  static ObjectNode readState(ProjectLayout layout) {
    return new StateStore(layout).read().orElseThrow(() -> new MetaoptException(
        ExitCode.INVALID_INPUT, "no campaign state in " + layout.metaoptDir()
            + "; pass the project directory with -C DIR (or the campaign file), or start a"
            + " campaign with 'metaopt run <campaign.yaml>'"));
  }

  /** Sweep id → iteration, from launch results, iteration records and the live sweep. */
  private static Map<String, Integer> sweepIterations(ProjectLayout layout, ObjectNode state) {
    Map<String, Integer> sweeps = new LinkedHashMap<>();
    int last = state.path("current_iteration").asInt(0);
    for (int n = 1; n <= last; n++) {
      JsonNode launch = readJson(layout.workerResultsDir().resolve(
          "launch-sweep-iter-" + n + ".json"));
      if (launch.path("sweep_id").isTextual()) {
        sweeps.putIfAbsent(launch.path("sweep_id").asText(), n);
      }
    }
    for (JsonNode record : state.path("completed_iterations")) {
      if (record.path("sweep_id").isTextual()) {
        sweeps.putIfAbsent(record.path("sweep_id").asText(), record.path("iteration").asInt());
      }
    }
    JsonNode live = state.path("current_sweep").path("sweep_id");
    if (live.isTextual()) {
      sweeps.putIfAbsent(live.asText(), last);
    }
    Map<String, Integer> ordered = new LinkedHashMap<>();
    sweeps.entrySet().stream().sorted(Map.Entry.comparingByValue())
        .forEach(e -> ordered.put(e.getKey(), e.getValue()));
    return ordered;
  }

  /** The trials of the last poll recorded for an iteration's sweep. */
  private static List<TrialRecord> lastPoll(ProjectLayout layout, int iteration,
      String sweepId, String objective) {
    int latest = 0;
    try (var files = Files.list(layout.executorEventsDir())) {
      for (Path file : files.toList()) {
        Matcher m = POLL.matcher(file.getFileName().toString());
        if (m.matches() && Integer.parseInt(m.group(1)) == iteration) {
          latest = Math.max(latest, Integer.parseInt(m.group(2)));
        }
      }
    } catch (IOException e) {
      return List.of();
    }
    JsonNode poll = readJson(layout.executorEventsDir().resolve(
        "poll-sweep-iter-" + iteration + "-" + latest + ".json"));
    List<TrialRecord> trials = new ArrayList<>();
    for (JsonNode t : poll.path("trials")) {
      Map<String, JsonNode> config = new LinkedHashMap<>();
      t.path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue()));
      Double metric = t.path("metric").isNumber() ? t.path("metric").asDouble() : null;
      trials.add(new TrialRecord(sweepId, t.path("run_id").asText(), t.path("state").asText(),
          config, "finished".equals(t.path("state").asText()) ? metric : null,
          metric == null ? Map.of() : Map.of(objective, metric),
          null, null, null, t.path("reason").isTextual() ? t.path("reason").asText() : null,
          null, null));
    }
    return trials;
  }

  private static JsonNode readJson(Path file) {
    try {
      return Files.isRegularFile(file) ? Json.parse(Files.readString(file)) : Json.object();
    } catch (IOException e) {
      return Json.object(); // a result file that does not parse names no sweep
    }
  }
}
