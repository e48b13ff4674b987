package dev.metaopt.backend.skypilot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.backend.TrialCommandPolicy;
import dev.metaopt.campaign.Campaign;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The W&B sweep config this backend registers: the selected proposal's search (method, metric,
 * parameters, early termination, run cap) with the trial command taken from the campaign, both
 * by {@link TrialCommandPolicy#forLaunch} — the rule the local backend runs by too. The command is
 * the words of {@code project.train_command} then {@code ${args}}, which {@code wandb agent}
 * expands to {@code python train.py --lr=0.01} (wandb/wandb_agent.py, Agent._command_run). A
 * {@code program} or {@code command} in the proposal is never used: proposals come from workers
 * (possibly an LLM), and what runs on the user's machines is the user's own command.
 */
final class SweepConfig {
  private static final Logger log = LoggerFactory.getLogger(SweepConfig.class);

  private SweepConfig() {}

  /** The config to register as sweep {@code name}; fails when the campaign names no command. */
  static ObjectNode of(JsonNode task, String name) {
    Campaign.Project project = Campaign.Project.from(task.path("project"));
    // the gates removed anything but the search already: only a hand-edited state file gets here
    TrialCommandPolicy.Review review = TrialCommandPolicy.review(task.path("sweep_config"),
        project, Path.of(task.path("project_dir").asText()));
    review.removed().forEach(removed -> log.warn("launch of proposal {}: {}",
        task.path("proposal_id").asText(), removed));
    ObjectNode config = TrialCommandPolicy.forLaunch(review.sweepConfig(), project);
    config.put("name", name);
    return config;
  }
}
