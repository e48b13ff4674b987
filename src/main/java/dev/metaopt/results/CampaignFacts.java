package dev.metaopt.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.campaign.Campaign;
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
 * @param setupCommand {@code project.setup_command}, or null
 * @param searchSpace the campaign's {@code search_space} (an empty object when none)
 * @param budgetUsd {@code compute.max_budget_usd}, or null
 * @param costPerHourUsd {@code compute.cost_per_hour_usd} on the local backend, else 0
 * @param campaignPath the campaign file's absolute path, or null when not recorded
 */
public record CampaignFacts(String name, String metric, boolean maximize, String provider,
    String entity, String project, String trainCommand, String setupCommand,
    JsonNode searchSpace, Double budgetUsd, double costPerHourUsd, String campaignPath) {

  /** Reads the facts of the campaign whose state is {@code state}. */
  public static CampaignFacts of(ProjectLayout layout, ObjectNode state) {
    JsonNode load = loadHandoff(layout);
    Campaign campaign = Campaign.bind(load);
    Campaign.Objective objective = Campaign.Objective.from(state.path("objective_snapshot"));
    Campaign.Compute compute = campaign.compute();
    return new CampaignFacts(state.path("campaign_id").asText(), objective.metric(),
        objective.maximize(),
        compute.provider().isEmpty() ? Campaign.Compute.LOCAL_PROVIDER : compute.provider(),
        campaign.wandb().entity(), campaign.wandb().project(),
        campaign.project().trainCommand().orElse(null),
        campaign.project().setupCommand().orElse(null),
        campaign.searchSpace().isObject() ? campaign.searchSpace() : Json.object(),
        compute.hasBudget() ? compute.maxBudgetUsd() : null, compute.costPerHourUsd(),
        campaignPath(layout, load));
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

  /** The recorded campaign file, absolute (LOAD_CAMPAIGN records it from the project). */
  private static String campaignPath(ProjectLayout layout, JsonNode load) {
    String recorded = load.path("campaign_path").asText("");
    return recorded.isEmpty() ? null
        : layout.projectDir().resolve(recorded).toAbsolutePath().normalize().toString();
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
