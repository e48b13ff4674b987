package dev.metaopt.backend.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.builtin.SearchModel;
import dev.metaopt.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The campaign's {@link SearchModel}: the GP of {@code method: bayes} ({@link GpBayes}) fitted on
 * every finished or failed trial inside the space, its expected improvement maximised over the
 * space, exactly as a sweep over that space with all of them as campaign memory would suggest
 * its next trial.
 */
public final class GpSearchModel implements SearchModel {
  @Override
  public Optional<Map<String, JsonNode>> bestNext(JsonNode space, JsonNode objective,
      JsonNode trials, long seed) {
    ObjectNode config = Json.object();
    config.put("method", "bayes");
    config.putObject("metric").put("name", objective.path("metric").asText())
        .put("goal", objective.path("direction").asText());
    config.set("parameters", space.deepCopy());
    try {
      return bestNext(SweepSpec.parse(config), trials, seed);
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // a space the local backend does not run has no model here
    }
  }

  private static Optional<Map<String, JsonNode>> bestNext(SweepSpec spec, JsonNode trials,
      long seed) {
    List<Suggester.Observation> ended = new ArrayList<>();
    for (JsonNode trial : trials) {
      Map<String, JsonNode> values = new LinkedHashMap<>();
      trial.path("config").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue()));
      String state = trial.path("state").asText();
      if (!List.of("finished", "failed").contains(state)) {
        continue;
      }
      JsonNode metric = trial.path("metric");
      ended.add(new Suggester.Observation(values, state.equals("finished")
          && metric.isNumber() ? metric.asDouble() : Double.NaN));
    }
    List<Suggester.Observation> observed = CampaignMemory.inside(new SearchSpace(spec), ended);
    List<Map<String, JsonNode>> ranked = GpBayes.candidates(spec, new SplittableRandom(seed),
        SearchHistory.sequential(observed, SearchSetup.DEFAULT));
    return ranked.isEmpty() ? Optional.empty() : Optional.of(ranked.get(0));
  }
}
