package dev.metaopt.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.CanonicalJson;
import dev.metaopt.json.Json;

/**
 * The campaign identity: SHA-256 of the canonical JSON of the campaign name, the objective's
 * metric and direction, and the W&B entity and project. Everything else (compute, budgets, stop
 * conditions, thresholds) may change without changing which campaign this is.
 */
public final class IdentityHash {
  private IdentityHash() {}

  /** {@code sha256:<64 hex>} of a validated campaign document. */
  public static String of(JsonNode campaign) {
    return "sha256:" + CanonicalJson.sha256(payload(campaign));
  }

  /** The hashed payload, values verbatim as parsed (a numeric name stays a number). */
  static ObjectNode payload(JsonNode campaign) {
    ObjectNode payload = Json.object();
    payload.set("campaign_name", campaign.path("campaign").path("name").deepCopy());
    ObjectNode objective = payload.putObject("objective");
    objective.set("metric", campaign.path("objective").path("metric").deepCopy());
    objective.set("direction", campaign.path("objective").path("direction").deepCopy());
    ObjectNode wandb = payload.putObject("wandb");
    wandb.set("entity", campaign.path("wandb").path("entity").deepCopy());
    wandb.set("project", campaign.path("wandb").path("project").deepCopy());
    return payload;
  }
}
