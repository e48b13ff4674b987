package dev.metaopt.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.metaopt.protocol.Lane;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * A validated campaign bound to typed, immutable values. Every default lives here, once: readers
 * never guess one again. Bind after validation ({@link CampaignLoader}); the execution backends,
 * which receive their sections as JSON in a task (the worker contract), bind the same records
 * from those sections.
 */
public record Campaign(Meta campaign, Project project, Wandb wandb, Compute compute,
    Objective objective, ProposalPolicy proposalPolicy, StopConditions stopConditions,
    JsonNode searchSpace, Map<Lane, WorkerSettings> workers) {
  public Campaign {
    workers = Map.copyOf(workers);
  }

  /**
   * Binds a campaign document, or any object holding its sections by name (the LOAD_CAMPAIGN
   * handoff holds them too, with the objective as {@code objective_snapshot}).
   */
  public static Campaign bind(JsonNode sections) {
    JsonNode objective = sections.has("objective") ? sections.path("objective")
        : sections.path("objective_snapshot");
    Map<Lane, WorkerSettings> workers = new EnumMap<>(Lane.class);
    for (Lane lane : Lane.values()) {
      workers.put(lane, WorkerSettings.of(sections.path("workers"), lane));
    }
    JsonNode space = sections.path("search_space");
    return new Campaign(Meta.from(sections.path("campaign")),
        Project.from(sections.path("project")), Wandb.from(sections.path("wandb")),
        Compute.from(sections.path("compute")), Objective.from(objective),
        ProposalPolicy.from(sections.path("proposal_policy")),
        StopConditions.from(sections.path("stop_conditions")),
        space.isObject() ? space.deepCopy() : NullNode.getInstance(), workers);
  }

  /** The worker settings of {@code lane} (the built-in worker when not configured). */
  public WorkerSettings worker(Lane lane) {
    return workers.get(lane);
  }

  /** {@code campaign}: the name, and the seed of every built-in random choice. */
  public record Meta(String name, String description, long seed) {
    /** Without {@code campaign.seed}, runs are still reproducible: seed 0. */
    public static final long DEFAULT_SEED = 0;

    public static Meta from(JsonNode node) {
      return new Meta(node.path("name").asText(""), node.path("description").asText(""),
          node.path("seed").asLong(DEFAULT_SEED));
    }
  }

  /**
   * {@code project}: where the code is and what runs — the smoke test, one trial, and the command
   * that prepares a machine for trials ({@code setup_command}: on the local backend once per sweep
   * before its first trial; on SkyPilot each node's set-up, which without it installs wandb and
   * requirements.txt).
   */
  public record Project(String repo, String smokeTestCommand, Optional<String> trainCommand,
      Optional<String> setupCommand) {
    public static Project from(JsonNode node) {
      return new Project(node.path("repo").asText(""), node.path("smoke_test_command").asText(""),
          optionalText(node.path("train_command")), optionalText(node.path("setup_command")));
    }
  }

  /** {@code wandb}: the W&B entity and project (part of the campaign's identity). */
  public record Wandb(String entity, String project) {
    public static Wandb from(JsonNode node) {
      return new Wandb(node.path("entity").asText(""), node.path("project").asText(""));
    }
  }

  /** {@code compute}: where sweeps run, how wide, and what they may cost. */
  public record Compute(String provider, String accelerator, int numSweepAgents,
      double idleTimeoutMinutes, double maxBudgetUsd, double costPerHourUsd,
      OptionalInt maxTrialsPerSweep, double maxSweepMinutes, Duration pollInterval,
      String bayesSampler, int maxRunsPerConfig, boolean useSpot, Optional<String> imageId) {
    /** The provider that selects the embedded local backend; any other is a SkyPilot cloud. */
    public static final String LOCAL_PROVIDER = "local";

    public static final int DEFAULT_AGENTS = 1;
    public static final double DEFAULT_IDLE_TIMEOUT_MINUTES = 15;
    /** Spend of a local trial-hour: the user's own machine costs nothing unless they say so. */
    public static final double DEFAULT_COST_PER_HOUR_USD = 0;
    /** Every sweep is bounded: without a configured cap it stops after a day. */
    public static final double DEFAULT_MAX_SWEEP_MINUTES = 1440;
    /** Local polls read files; remote polls call the W&B API, which rate-limits. */
    public static final Duration DEFAULT_LOCAL_POLL_INTERVAL = Duration.ofSeconds(2);

    public static final Duration DEFAULT_REMOTE_POLL_INTERVAL = Duration.ofSeconds(30);
    /** W&B's {@code bayes} is a Gaussian process; the TPE is a local-backend option. */
    public static final String DEFAULT_BAYES_SAMPLER = "gp";
    /** A configuration already measured is not run again unless the campaign asks for repeats. */
    public static final int DEFAULT_MAX_RUNS_PER_CONFIG = 1;

    /** Binds a {@code compute} section; a missing budget means no budget. */
    public static Compute from(JsonNode node) {
      String provider = node.path("provider").asText("");
      JsonNode poll = node.path("poll_interval_seconds");
      Duration pollInterval = poll.isNumber() && poll.asDouble() >= 0
          ? Duration.ofMillis(Math.round(poll.asDouble() * 1000))
          : LOCAL_PROVIDER.equals(provider) ? DEFAULT_LOCAL_POLL_INTERVAL
              : DEFAULT_REMOTE_POLL_INTERVAL;
      return new Compute(provider, node.path("accelerator").asText(""),
          Math.max(1, node.path("num_sweep_agents").asInt(DEFAULT_AGENTS)),
          node.path("idle_timeout_minutes").asDouble(DEFAULT_IDLE_TIMEOUT_MINUTES),
          node.path("max_budget_usd").isNumber() ? node.path("max_budget_usd").asDouble()
              : Double.POSITIVE_INFINITY,
          node.path("cost_per_hour_usd").asDouble(DEFAULT_COST_PER_HOUR_USD),
          node.path("max_trials_per_sweep").canConvertToInt()
              ? OptionalInt.of(node.path("max_trials_per_sweep").asInt()) : OptionalInt.empty(),
          node.path("max_sweep_minutes").asDouble(DEFAULT_MAX_SWEEP_MINUTES), pollInterval,
          node.path("bayes_sampler").asText(DEFAULT_BAYES_SAMPLER),
          node.path("max_runs_per_config").asInt(DEFAULT_MAX_RUNS_PER_CONFIG),
          node.path("use_spot").asBoolean(false), optionalText(node.path("image_id")));
    }

    /** True for the embedded local backend. */
    public boolean isLocal() {
      return LOCAL_PROVIDER.equals(provider);
    }

    /** True when a budget is set. */
    public boolean hasBudget() {
      return Double.isFinite(maxBudgetUsd);
    }

    /** SkyPilot's name for the provider: {@code vast_ai} is {@code vast}. */
    public String skyInfra() {
      return provider.equals("vast_ai") ? "vast" : provider;
    }

    /** {@code idle_timeout_minutes} as a duration. */
    public Duration idleTimeout() {
      return Duration.ofMillis(Math.round(idleTimeoutMinutes * 60_000));
    }
  }

  /** {@code objective}: the metric, which way is better, and what counts as an improvement. */
  public record Objective(String metric, boolean maximize, double improvementThreshold) {
    public static Objective from(JsonNode node) {
      return new Objective(node.path("metric").asText(""),
          !"minimize".equals(node.path("direction").asText()),
          node.path("improvement_threshold").asDouble(0));
    }

    /** {@code maximize} or {@code minimize}, as W&B's {@code goal} spells it. */
    public String direction() {
      return maximize ? "maximize" : "minimize";
    }
  }

  /** {@code proposal_policy}: how many proposals the pool holds before selection. */
  public record ProposalPolicy(int currentTarget) {
    public static ProposalPolicy from(JsonNode node) {
      return new ProposalPolicy(Math.max(1, node.path("current_target").asInt(1)));
    }
  }

  /** {@code stop_conditions}, checked at ROLL_ITERATION. */
  public record StopConditions(int maxIterations, OptionalDouble targetMetric,
      int maxNoImproveIterations) {
    public static StopConditions from(JsonNode node) {
      return new StopConditions(node.path("max_iterations").asInt(Integer.MAX_VALUE),
          node.path("target_metric").isNumber()
              ? OptionalDouble.of(node.path("target_metric").asDouble()) : OptionalDouble.empty(),
          node.path("max_no_improve_iterations").asInt(Integer.MAX_VALUE));
    }
  }

  private static Optional<String> optionalText(JsonNode node) {
    return node.isTextual() && !node.asText().isBlank() ? Optional.of(node.asText())
        : Optional.empty();
  }
}
