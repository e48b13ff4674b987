package dev.metaopt.backend.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.campaign.Campaign;
import dev.metaopt.io.AtomicFiles;
import dev.metaopt.json.Json;
import dev.metaopt.protocol.TrialState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Campaign memory for the local backend: when a sweep is created, the trials that earlier sweeps
 * of the project ran for the same metric and goal, and that lie inside the new sweep's space,
 * become its {@link SearchSetup#prior()} — the model starts from them (warm start) and none of
 * their configurations is run again. Those that lie only beyond the new sweep's numeric bounds
 * (a range that ideation narrowed) become {@link SearchSetup#beyond()}: the GP conditions on
 * them as well, so narrowing restricts where the sweep looks, never what its model knows. The
 * setup is written once, as {@code search.json} beside {@code sweep.json}, so later polls and a
 * resumed orchestrator use exactly the same memory.
 */
final class CampaignMemory {
  static final String FILE = "search.json";
  private static final Set<TrialState> ENDED = Set.of(TrialState.FINISHED, TrialState.FAILED,
      TrialState.KILLED);

  private CampaignMemory() {}

  /**
   * Builds and writes the setup of a new sweep from the campaign's {@code compute} settings and
   * the sweeps already under {@code sweepsRoot}; throws IllegalArgumentException on a bad
   * setting.
   */
  static SearchSetup create(Path sweepsRoot, String sweepId, SweepSpec spec, JsonNode compute) {
    SearchSetup setup = of(sweepsRoot, sweepId, spec, compute);
    AtomicFiles.writeString(sweepsRoot.resolve(sweepId).resolve(FILE), Json.pretty(toJson(setup)));
    return setup;
  }

  /**
   * The setup a sweep {@code sweepId} over {@code spec} would get now, without writing it (the
   * smoke test asks before the sweep exists).
   */
  static SearchSetup of(Path sweepsRoot, String sweepId, SweepSpec spec, JsonNode compute) {
    Campaign.Compute settings = Campaign.Compute.from(compute);
    SearchSetup.Sampler sampler = SearchSetup.Sampler.of(settings.bayesSampler());
    int maxRuns = settings.maxRunsPerConfig();
    if (maxRuns < 1) {
      throw new IllegalArgumentException("compute.max_runs_per_config must be at least 1, got "
          + maxRuns);
    }
    List<Suggester.Observation> earlier = ended(sweepsRoot, sweepId, spec);
    SearchSpace space = new SearchSpace(spec);
    return new SearchSetup(sampler, maxRuns, inside(space, earlier), beyond(space, earlier));
  }

  /** The setup written for the sweep in {@code sweepDir}; the default for a sweep without one. */
  static SearchSetup setup(Path sweepDir) {
    Path file = sweepDir.resolve(FILE);
    if (!Files.exists(file)) {
      return SearchSetup.DEFAULT;
    }
    try {
      JsonNode json = Json.parse(Files.readString(file));
      return new SearchSetup(SearchSetup.Sampler.of(json.path("sampler").asText()),
          json.path("max_runs_per_config").asInt(1), observations(json.path("prior")),
          observations(json.path("beyond")));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(file + " could not be read (" + e.getMessage() + "); it"
          + " holds the sweep's search settings: restore it from a backup, or delete it to"
          + " continue without campaign memory", e);
    }
  }

  private static List<Suggester.Observation> observations(JsonNode rows) {
    List<Suggester.Observation> observations = new ArrayList<>();
    for (JsonNode o : rows) {
      Map<String, JsonNode> values = new LinkedHashMap<>();
      o.path("values").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue()));
      observations.add(new Suggester.Observation(values,
          o.path("metric").isNumber() ? o.path("metric").asDouble() : Double.NaN));
    }
    return observations;
  }

  /** Ended trials of the other sweeps with the same metric and goal, inside {@code spec}. */
  static List<Suggester.Observation> earlierTrials(Path sweepsRoot, String sweepId,
      SweepSpec spec) {
    return inside(new SearchSpace(spec), ended(sweepsRoot, sweepId, spec));
  }

  /** The observations inside {@code space}: a sweep over it could have suggested them. */
  static List<Suggester.Observation> inside(SearchSpace space,
      List<Suggester.Observation> observations) {
    return observations.stream().filter(o -> space.encode(o.values()) != null).toList();
  }

  /**
   * The observations outside {@code space} only by their numbers: same parameters, constants
   * and categories, a value past a numeric bound.
   */
  static List<Suggester.Observation> beyond(SearchSpace space,
      List<Suggester.Observation> observations) {
    return observations.stream().filter(o -> space.encode(o.values()) == null
        && space.encodeBeyond(o.values()) != null).toList();
  }

  /** Ended trials of the other sweeps with the same metric and goal, oldest first. */
  private static List<Suggester.Observation> ended(Path sweepsRoot, String sweepId,
      SweepSpec spec) {
    List<SweepRecord> sweeps = new ArrayList<>();
    if (Files.isDirectory(sweepsRoot)) {
      try (Stream<Path> dirs = Files.list(sweepsRoot)) {
        for (Path dir : dirs.sorted().toList()) {
          Path record = dir.resolve("sweep.json");
          if (!dir.getFileName().toString().equals(sweepId) && Files.exists(record)) {
            sweeps.add(Json.mapper().readValue(Files.readString(record), SweepRecord.class));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("could not read earlier sweeps under " + sweepsRoot, e);
      }
    }
    sweeps.sort(Comparator.comparingLong((SweepRecord s) -> s.createdMillis)
        .thenComparing(s -> s.sweepId));
    List<Suggester.Observation> prior = new ArrayList<>();
    for (SweepRecord sweep : sweeps) {
      SweepSpec earlier = SweepSpec.parse(sweep.config);
      if (!earlier.metric().equals(spec.metric()) || earlier.maximize() != spec.maximize()) {
        continue;
      }
      for (SweepRecord.Trial t : sweep.trials) {
        if (ENDED.contains(t.state)) {
          prior.add(new Suggester.Observation(t.values, t.state == TrialState.FINISHED
              && t.metric != null ? t.metric : Double.NaN));
        }
      }
    }
    return prior;
  }

  private static ObjectNode toJson(SearchSetup setup) {
    ObjectNode json = Json.object();
    json.put("sampler", setup.sampler().key());
    json.put("max_runs_per_config", setup.maxRunsPerConfig());
    rows(json.putArray("prior"), setup.prior());
    rows(json.putArray("beyond"), setup.beyond());
    return json;
  }

  private static void rows(ArrayNode rows, List<Suggester.Observation> observations) {
    for (Suggester.Observation o : observations) {
      ObjectNode row = rows.addObject();
      ObjectNode values = row.putObject("values");
      o.values().forEach(values::set);
      if (Double.isFinite(o.metric())) {
        row.put("metric", o.metric());
      } else {
        row.putNull("metric");
      }
    }
  }
}
