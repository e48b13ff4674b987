package dev.metaopt.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.campaign.CampaignCheck;
import dev.metaopt.campaign.CampaignLoader;
import dev.metaopt.campaign.IdentityHash;
import dev.metaopt.json.Json;
import dev.metaopt.machine.AgentId;
import dev.metaopt.machine.Phase;
import dev.metaopt.preflight.PreflightEvaluation;
import dev.metaopt.schema.ValidationIssue;
import dev.metaopt.state.MachineState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * LOAD_CAMPAIGN: validates the campaign file, computes its identity hash, peeks at the existing
 * state and evaluates the preflight artifact. Its handoff is the campaign source for every later
 * agent. It never changes state: a blocked load leaves a resumable campaign untouched.
 */
public final class LoadCampaignAgent implements ControlAgent {
  /** Campaign sections copied into the handoff for later agents. */
  static final List<String> SECTIONS =
      List.of("campaign", "project", "wandb", "compute", "proposal_policy", "stop_conditions",
          "search_space", "workers");

  @Override
  public AgentId id() {
    return AgentId.LOAD;
  }

  @Override
  public Phase selectPhase(AgentContext ctx) {
    return Phase.VALIDATE;
  }

  @Override
  public Map<Phase, Function<AgentContext, Handoff>> handlers() {
    return Map.of(Phase.VALIDATE, this::validate);
  }

  private Handoff validate(AgentContext ctx) {
    Path campaignPath = ctx.campaignPath();
    CampaignCheck check = CampaignLoader.check(campaignPath);
    JsonNode raw = check.raw();
    boolean valid = check.valid();
    String hash = valid ? IdentityHash.of(raw) : null;

    Handoff handoff = Handoff.create(id(), Phase.VALIDATE);
    ObjectNode json = handoff.json();
    json.put("campaign_path", display(ctx, campaignPath));
    json.put("campaign_exists", Files.isRegularFile(campaignPath));
    json.put("campaign_valid", valid);
    json.set("campaign_id", raw != null && raw.isObject()
        ? raw.path("campaign").path("name").deepCopy() : Json.nodes().nullNode());
    if (json.get("campaign_id").isMissingNode()) {
      json.putNull("campaign_id");
    }
    if (hash == null) {
      json.putNull("campaign_identity_hash");
    } else {
      json.put("campaign_identity_hash", hash);
    }
    json.set("objective_snapshot", section(raw, "objective"));
    for (String section : SECTIONS) {
      json.set(section, section(raw, section));
    }
    json.set("validation_issues",
        Json.toTree(check.issues().stream().map(ValidationIssue::format).toList()));
    json.set("validation_warnings",
        Json.toTree(check.warnings().stream().map(ValidationIssue::format).toList()));
    check.warnings().forEach(w -> handoff.warning(w.format()));
    json.set("state_peek", statePeek(ctx, hash, handoff));
    ObjectNode preflight = PreflightEvaluation.evaluate(
        ctx.layout().preflightFile(), display(ctx, ctx.layout().preflightFile()), hash);
    json.set("preflight_readiness", preflight);
    decide(handoff, valid, preflight);
    return handoff; // state_patch stays null: loading never changes state
  }

  private static void decide(Handoff handoff, boolean valid, ObjectNode preflight) {
    ObjectNode json = handoff.json();
    String status = preflight.path("status").asText();
    if (!valid) {
      block(handoff, "repair the campaign file (every problem is listed in validation_issues)",
          "campaign invalid; repair the campaign file before retrying");
    } else if (status.equals(PreflightEvaluation.FRESH_READY)) {
      handoff.recommend(MachineState.HYDRATE_STATE);
      json.putNull("recovery_action");
      handoff.summary("campaign validated; hand off to HYDRATE_STATE");
    } else if (status.equals(PreflightEvaluation.FRESH_FAILED)) {
      String next = preflight.path("artifact_next_action").asText("");
      String recovery = next.isBlank()
          ? "resolve the preflight failures and re-run 'metaopt preflight'" : next;
      block(handoff, recovery, "campaign valid but preflight failed; " + recovery);
    } else if (status.equals(PreflightEvaluation.MISSING)) {
      block(handoff, "run 'metaopt preflight <campaign>' to verify environment readiness",
          "campaign valid but the preflight readiness artifact is missing; run 'metaopt preflight'");
    } else {
      block(handoff,
          "re-run 'metaopt preflight <campaign>' (the campaign identity changed or the artifact is"
              + " invalid)",
          "campaign valid but the preflight readiness artifact is " + status
              + "; re-run 'metaopt preflight'");
    }
  }

  private static void block(Handoff handoff, String recovery, String summary) {
    handoff.recommend(MachineState.BLOCKED_CONFIG);
    handoff.put("recovery_action", recovery);
    handoff.summary(summary);
  }

  private static ObjectNode statePeek(AgentContext ctx, String hash, Handoff handoff) {
    ObjectNode peek = Json.object();
    peek.put("path", display(ctx, ctx.layout().stateFile()));
    peek.put("exists", ctx.hasState());
    peek.put("readable", ctx.hasState());
    if (!ctx.hasState()) {
      peek.put("identity_relation", "missing");
      peek.putNull("campaign_identity_hash");
      handoff.warning("state file not found");
      return peek;
    }
    JsonNode stored = ctx.state().path("campaign_identity_hash");
    peek.set("campaign_identity_hash", stored.deepCopy());
    boolean match = hash != null && hash.equals(stored.asText(null));
    peek.put("identity_relation", match ? "match" : "mismatch");
    if (!match) {
      handoff.warning("state identity mismatch detected");
    }
    return peek;
  }

  private static JsonNode section(JsonNode raw, String name) {
    JsonNode value = raw == null || !raw.isObject() ? null : raw.get(name);
    return value == null ? Json.nodes().nullNode() : value.deepCopy();
  }

  private static String display(AgentContext ctx, Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    return absolute.startsWith(ctx.layout().projectDir())
        ? ctx.layout().projectDir().relativize(absolute).toString() : absolute.toString();
  }
}
