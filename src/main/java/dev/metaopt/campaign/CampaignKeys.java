package dev.metaopt.campaign;

import com.fasterxml.jackson.databind.JsonNode;
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

  /** Required fields a {@code provider: local} campaign may leave out: they do nothing there. */
  static final Set<String> OPTIONAL_ON_LOCAL =
      Set.of("project.repo", "compute.accelerator", "compute.max_budget_usd");

  /** What each required field holds, said when it is missing. */
  static final Map<String, String> REQUIRED_HINTS = Map.ofEntries(
      Map.entry("campaign.name", "the campaign's name (part of its identity)"),
      Map.entry("project.repo", "a git URL or local path of the training code"),
      Map.entry("project.smoke_test_command",
          "a command that exercises training in under 60 s, e.g. python3 train.py --epochs=1"),
      Map.entry("wandb.entity", "your W&B user or team (identity only on the local backend)"),
      Map.entry("wandb.project", "your W&B project (identity only on the local backend)"),
      Map.entry("compute.provider", "local, or a SkyPilot cloud such as aws, gcp or vast_ai"),
      Map.entry("compute.accelerator", "e.g. A100:1"),
      Map.entry("compute.num_sweep_agents", "trials in parallel, an integer in [1, 16]"),
      Map.entry("compute.max_budget_usd", "the hard spend cap in USD, in (0, 100]"),
      Map.entry("objective.metric", "the metric name your training logs, e.g. val/loss"),
      Map.entry("objective.direction", "maximize or minimize"),
      Map.entry("objective.improvement_threshold",
          "the smallest gain that counts as an improvement, e.g. 0.005"),
      Map.entry("proposal_policy.current_target",
          "proposals in the pool before one is selected, e.g. 2"),
      Map.entry("stop_conditions.max_iterations", "the most iterations the campaign may run"),
      Map.entry("stop_conditions.max_no_improve_iterations",
          "iterations without improvement before the campaign stops"));

  /** A name another tool uses for one of our fields. */
  record Alias(String field, String why) {}

  /** Other tools' names, keyed by where a user writes them: W&B's metric.goal is our direction. */
  static final Map<String, Alias> ALIASES = Map.of(
      "objective.goal", new Alias("direction", "W&B's metric.goal is objective.direction here"),
      "objective.name", new Alias("metric", "W&B's metric.name is objective.metric here"),
      "objective.target", new Alias("target_metric",
          "W&B's metric.target is stop_conditions.target_metric here"),
      "compute.num_agents", new Alias("num_sweep_agents",
          "the number of parallel trials is compute.num_sweep_agents"));

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

  /** The alias a user wrote instead of the missing {@code field} (same section), if any. */
  static Optional<String> renamedFrom(String field, JsonNode raw) {
    String section = field.substring(0, field.indexOf('.'));
    String name = field.substring(field.indexOf('.') + 1);
    return ALIASES.entrySet().stream()
        .filter(e -> e.getKey().startsWith(section + ".") && e.getValue().field().equals(name)
            && raw.path(section).has(e.getKey().substring(section.length() + 1)))
        .map(Map.Entry::getKey).findFirst();
  }

  /** The closest allowed key within a small edit distance, for the hint. */
  static Optional<String> suggest(String unknown, Set<String> allowed) {
    return DidYouMean.closest(unknown, allowed);
  }
}
