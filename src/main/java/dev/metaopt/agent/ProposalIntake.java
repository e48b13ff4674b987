package dev.metaopt.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.backend.TrialCommandPolicy;
import dev.metaopt.json.CanonicalJson;
import dev.metaopt.protocol.ContractPaths;
import dev.metaopt.protocol.StateKeys;
import dev.metaopt.schema.SchemaKind;
import java.util.Set;

/**
 * Turns ideation results into proposals. A candidate is accepted only when its sweep metric and
 * goal match the objective and its sweep config is new to the campaign (upstream accepted both
 * silently). Every rejection becomes a handoff warning naming the slot and the reason. What a
 * candidate may set is the search only ({@link TrialCommandPolicy}): a program, a command or any
 * other key is removed, with a warning, before the candidate is pooled. Each proposal records
 * the digest of the {@code search_space} it was written for, so a pool written before the space
 * was edited can be told apart ({@link BackgroundControlAgent}).
 */
final class ProposalIntake {
  /** The proposal's record of the campaign {@code search_space} it was written for. */
  static final String SPACE_DIGEST = "search_space_sha256";

  private final AgentContext ctx;
  private final Handoff handoff;
  private final ObjectNode cycle;
  private final Set<String> knownConfigs;
  private int added;

  ProposalIntake(AgentContext ctx, Handoff handoff, ObjectNode cycle, Set<String> knownConfigs) {
    this.ctx = ctx;
    this.handoff = handoff;
    this.cycle = cycle;
    this.knownConfigs = knownConfigs;
  }

  int added() {
    return added;
  }

  /** Reads the slot's result and appends its acceptable candidates to {@code pool}. */
  void ingest(String slot, ArrayNode pool) {
    String file = ContractPaths.ideationResult(slot);
    ResultRead read = ctx.readResult(file, SchemaKind.IDEATION_RESULT);
    if (read.isMissing()) {
      handoff.warning(slot + ": no result (the worker failed; see the ledger); slot dropped");
      return;
    }
    if (read.isInvalid()) {
      handoff.warning(slot + ": " + read.problem() + "; slot dropped");
      return;
    }
    JsonNode result = read.value();
    if (!"completed".equals(result.path("status").asText())) {
      handoff.warning(slot + ": worker reported status '" + result.path("status").asText()
          + "': " + result.path("summary").asText(""));
      return;
    }
    for (JsonNode answered : result.path("proposal_candidates")) {
      ObjectNode candidate = answered.deepCopy();
      TrialCommandPolicy.Review review = TrialCommandPolicy.review(
          answered.path("sweep_config"), ctx.campaign().project(), ctx.layout().projectDir());
      review.removed().forEach(removed -> handoff.warning(slot + ": " + removed));
      candidate.set("sweep_config", review.sweepConfig());
      String problem = problem(candidate.path("sweep_config"));
      if (problem != null) {
        handoff.warning(slot + ": candidate rejected: " + problem);
        continue;
      }
      pool.add(proposal(slot, file, candidate));
      knownConfigs.add(CanonicalJson.write(candidate.path("sweep_config")));
      added++;
    }
  }

  private String problem(JsonNode sweepConfig) {
    JsonNode objective = ctx.state().path(StateKeys.OBJECTIVE_SNAPSHOT);
    String metric = sweepConfig.path("metric").path("name").asText();
    String goal = sweepConfig.path("metric").path("goal").asText();
    if (!metric.equals(objective.path("metric").asText())) {
      return "sweep_config.metric.name '" + metric + "' is not the objective metric '"
          + objective.path("metric").asText() + "'";
    }
    if (!goal.equals(objective.path("direction").asText())) {
      return "sweep_config.metric.goal '" + goal + "' is not the objective direction '"
          + objective.path("direction").asText() + "'";
    }
    if (knownConfigs.contains(CanonicalJson.write(sweepConfig))) {
      return "its sweep_config duplicates a proposal already pooled or run";
    }
    return null;
  }

  private ObjectNode proposal(String slot, String file, ObjectNode candidate) {
    int sequence = cycle.path("proposal_seq").asInt(0) + 1;
    cycle.put("proposal_seq", sequence);
    ObjectNode proposal = candidate.deepCopy();
    proposal.put("proposal_id", ctx.state().path(StateKeys.CAMPAIGN_ID).asText() + "-p" + sequence);
    proposal.put("source_slot_id", slot);
    proposal.put("source_file", file.substring(file.lastIndexOf('/') + 1));
    proposal.put("creation_iteration", ctx.iteration());
    proposal.put("created_at", ctx.timestamp());
    proposal.put(SPACE_DIGEST, spaceDigest(ctx));
    return proposal;
  }

  /** The digest of the campaign's {@code search_space} as it is now. */
  static String spaceDigest(AgentContext ctx) {
    return CanonicalJson.sha256(ctx.campaignSection("search_space"));
  }
}
