package dev.metaopt.campaign;

import dev.metaopt.protocol.Lane;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The keys a campaign file may contain, per section, and "did you mean" for the rest. */
final class CampaignKeys {
  static final List<String> REQUIRED_SECTIONS =
      List.of("campaign", "project", "wandb", "compute", "objective", "proposal_policy",
          "stop_conditions");

  /** Nested fields that must hold a value, in the order their absence is reported. */
  static final List<String> REQUIRED_FIELDS =
      List.of("campaign.name", "project.repo", "project.smoke_test_command", "wandb.entity",
          "wandb.project", "compute.provider", "compute.accelerator", "compute.num_sweep_agents",
          "compute.max_budget_usd", "objective.metric", "objective.direction",
          "objective.improvement_threshold", "proposal_policy.current_target",
          "stop_conditions.max_iterations", "stop_conditions.max_no_improve_iterations");

  static final Set<String> LANES = Arrays.stream(Lane.values()).map(Lane::wireName)
      .collect(Collectors.toUnmodifiableSet());

  static final Set<String> WORKER_KEYS =
      Set.of("command", "llm", "timeout", "timeout_seconds", "retries", "env");

  static final Set<String> LLM_KEYS = Set.of("base_url", "model", "api_key_env", "temperature");

  /** Allowed keys of the root ({@code ""}) and of each section. */
  static final Map<String, Set<String>> ALLOWED = allowed();

  private CampaignKeys() {}

  private static Map<String, Set<String>> allowed() {
    Map<String, Set<String>> keys = new LinkedHashMap<>();
    keys.put("", Set.of("campaign", "project", "wandb", "compute", "objective",
        "proposal_policy", "stop_conditions", "search_space", "workers"));
    keys.put("campaign", Set.of("name", "description", "seed"));
    keys.put("project", Set.of("repo", "smoke_test_command", "train_command",
        "setup_command"));
    keys.put("wandb", Set.of("entity", "project"));
    keys.put("compute", Set.of("provider", "accelerator", "num_sweep_agents",
        "idle_timeout_minutes", "max_budget_usd", "cost_per_hour_usd", "max_trials_per_sweep",
        "max_sweep_minutes", "poll_interval_seconds", "bayes_sampler", "max_runs_per_config",
        "use_spot", "image_id"));
    keys.put("objective", Set.of("metric", "direction", "improvement_threshold"));
    keys.put("proposal_policy", Set.of("current_target"));
    keys.put("stop_conditions", Set.of("max_iterations", "target_metric",
        "max_no_improve_iterations"));
    keys.put("workers", LANES);
    return keys;
  }

  /** The closest allowed key within a small edit distance, for the hint. */
  static Optional<String> suggest(String unknown, Set<String> allowed) {
    return DidYouMean.closest(unknown, allowed);
  }
}
