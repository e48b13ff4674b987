package dev.metaopt.worker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.json.CanonicalJson;
import dev.metaopt.json.Json;

/**
 * The deterministic name of a launch: the same campaign, iteration and proposal always give the
 * same key, which is what lets a backend recognise a launch it already made before a crash.
 */
public final class LaunchKey {
  private LaunchKey() {}

  /**
   * 12 hex digits derived from the task's campaign id, iteration and proposal id, and its
   * {@code retry} number when it is a retry (so a retried sweep is a new sweep).
   */
  public static String of(JsonNode task) {
    var parts = Json.nodes().arrayNode().add(task.path("campaign_id").asText())
        .add(task.path("iteration").asInt()).add(task.path("proposal_id").asText());
    if (task.path("retry").asInt(0) > 0) {
      parts.add(task.path("retry").asInt()); // first attempts keep the keys they always had
    }
    return CanonicalJson.sha256(parts).substring(0, 12);
  }
}
