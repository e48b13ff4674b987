package dev.metaopt.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the results views need to know about a campaign, from its state and from the campaign
 * settings LOAD_CAMPAIGN recorded in its handoff (so they describe the campaign as it ran, even
 * if the YAML file changed since).
 *
 * @param name the campaign id
 * @param metric the objective metric
 * @param maximize whether larger values are better
 * @param provider {@code compute.provider}: {@code local} or a SkyPilot cloud
 * @param entity the W&B entity
 * @param project the W&B project
 * @param trainCommand {@code project.train_command}, or null
 * @param searchSpace the campaign's {@code search_space} (an empty object when none)
 * @param budgetUsd {@code compute.max_budget_usd}, or null
 * @param costPerHourUsd {@code compute.cost_per_hour_usd} on the local backend, else 0
 */
public record CampaignFacts(String name, String metric, boolean maximize, String provider,
    String entity, String project, String trainCommand, JsonNode searchSpace, Double budgetUsd,
    double costPerHourUsd) {

  /** Reads the facts of the campaign whose state is {@code state}. */
  public static CampaignFacts of(ProjectLayout layout, ObjectNode state) {
    JsonNode load = loadHandoff(layout);
    JsonNode objective = state.path("objective_snapshot");
    JsonNode compute = load.path("compute");
    return new CampaignFacts(state.path("campaign_id").asText(),
        objective.path("metric").asText(),
        !"minimize".equals(objective.path("direction").asText()),
        compute.path("provider").asText("local"),
        load.path("wandb").path("entity").asText(""),
        load.path("wandb").path("project").asText(""),
        load.path("project").path("train_command").asText(null),
        load.path("search_space").isObject() ? load.path("search_space") : Json.object(),
        compute.path("max_budget_usd").isNumber()
            ? compute.path("max_budget_usd").asDouble() : null,
        compute.path("cost_per_hour_usd").asDouble(0));
  }

  /** True on the embedded local backend. */
  public boolean local() {
    return "local".equals(provider);
  }

  /** {@code maximize} or {@code minimize}. */
  public String direction() {
    return maximize ? "maximize" : "minimize";
  }

  /** True when {@code a} is better than {@code b} for this objective. */
  public boolean better(double a, double b) {
    return maximize ? a > b : a < b;
  }

  private static JsonNode loadHandoff(ProjectLayout layout) {
    Path file = layout.handoffsDir().resolve("metaopt-load-campaign-LOAD_CAMPAIGN.json");
    try {
      return Files.isRegularFile(file) ? Json.parse(Files.readString(file)) : Json.object();
    } catch (IOException e) {
      return Json.object(); // the settings are optional here: the state carries the objective
    }
  }
}
