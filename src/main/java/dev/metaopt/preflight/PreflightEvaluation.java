package dev.metaopt.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * LOAD_CAMPAIGN's verdict on {@code .ml-metaopt/preflight-readiness.json}: missing, unreadable,
 * stale (other schema version, other campaign identity, unknown status), or fresh and READY /
 * FAILED. Only {@code fresh_ready} lets a campaign proceed.
 */
public final class PreflightEvaluation {
  /** The verdicts, as the contract spells them. */
  public static final String MISSING = "missing";

  public static final String UNREADABLE = "unreadable";
  public static final String STALE = "stale";
  public static final String FRESH_READY = "fresh_ready";
  public static final String FRESH_FAILED = "fresh_failed";
  public static final String NOT_EVALUATED = "not_evaluated";

  private PreflightEvaluation() {}

  /**
   * The {@code preflight_readiness} object of the load handoff.
   *
   * @param artifact the artifact path
   * @param displayPath how the path is shown in the handoff (relative to the project)
   * @param identityHash the campaign's identity hash, or null when the campaign is invalid
   */
  public static ObjectNode evaluate(Path artifact, String displayPath, String identityHash) {
    ObjectNode result = Json.object();
    result.put("path", displayPath);
    result.put("exists", Files.isRegularFile(artifact));
    result.put("readable", false);
    result.put("binding_fresh", false);
    result.put("status", MISSING);
    result.putArray("failures");
    result.putNull("artifact_next_action");
    if (identityHash == null) {
      result.put("status", NOT_EVALUATED);
      return result;
    }
    if (!Files.isRegularFile(artifact)) {
      return result;
    }
    JsonNode doc;
    try {
      doc = Json.parse(Files.readString(artifact, StandardCharsets.UTF_8));
    } catch (IOException e) {
      result.put("status", UNREADABLE);
      return result;
    }
    if (!doc.isObject()) {
      result.put("status", UNREADABLE);
      return result;
    }
    result.put("readable", true);
    // Exactly the integer 1: upstream's set membership also took 1.0 and true.
    JsonNode version = doc.path("schema_version");
    if (!version.isIntegralNumber() || version.asInt() != 1) {
      result.put("status", STALE);
      return result;
    }
    if (!identityHash.equals(doc.path("campaign_identity_hash").asText(null))) {
      result.put("status", STALE);
      return result;
    }
    result.put("binding_fresh", true);
    if (doc.has("failures")) {
      result.set("failures", doc.get("failures").deepCopy());
    }
    if (doc.has("next_action")) {
      result.set("artifact_next_action", doc.get("next_action").deepCopy());
    }
    switch (doc.path("status").asText("")) {
      case "READY" -> result.put("status", FRESH_READY);
      case "FAILED" -> result.put("status", FRESH_FAILED);
      default -> {
        result.put("status", STALE);
        result.put("binding_fresh", false);
      }
    }
    return result;
  }
}
