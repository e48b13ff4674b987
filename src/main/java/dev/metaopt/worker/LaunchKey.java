package dev.metaopt.worker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.json.CanonicalJson;
import dev.metaopt.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The deterministic name of a launch: the same campaign, iteration and proposal always give the
 * same key, which is what lets a backend recognise a launch it already made before a crash.
 */
public final class LaunchKey {
  private LaunchKey() {}

  /** 12 hex digits derived from the task's campaign id, iteration and proposal id. */
  public static String of(JsonNode task) {
    String key = CanonicalJson.write(Json.nodes().arrayNode()
        .add(task.path("campaign_id").asText()).add(task.path("iteration").asInt())
        .add(task.path("proposal_id").asText()));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime ships SHA-256", e);
    }
  }
}
