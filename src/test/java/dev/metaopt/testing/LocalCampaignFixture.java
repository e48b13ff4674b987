package dev.metaopt.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.agent.AgentRegistry;
import dev.metaopt.agent.Agents;
import dev.metaopt.campaign.CampaignCheck;
import dev.metaopt.campaign.CampaignLoader;
import dev.metaopt.campaign.IdentityHash;
import dev.metaopt.dispatch.DefaultLaneWorkers;
import dev.metaopt.dispatch.DispatchingWorkExecutor;
import dev.metaopt.dispatch.LaneWorkers;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.json.Json;
import dev.metaopt.orchestrator.Orchestrator;
import dev.metaopt.orchestrator.Pacer;
import dev.metaopt.orchestrator.SessionOutcome;
import dev.metaopt.preflight.BackendChecks;
import dev.metaopt.preflight.CheckResult;
import dev.metaopt.preflight.Preflight;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A campaign run in this JVM: the campaign file in its project directory, a preflight artifact
 * bound to it, and the orchestrator with the default agents, no pause between steps and the
 * system clock — what {@code metaopt run} does, with the workers and environment a test chooses.
 */
public final class LocalCampaignFixture {
  /**
   * A local trial: logs {@code score = 1 − (x − 0.3)² + 0.01·y} as one JSON line, from its
   * {@code --x=… --y=…} arguments. A {@code /bin/sh} script with {@code awk} for the arithmetic
   * (and the score printed as Python's {@code json.dumps(round(score, 6))} does), not Python:
   * a Python start costs about 0.1–0.2 s of CPU, and a campaign starts ten of these (a smoke
   * test, a sampled smoke trial and three trials per iteration), while the classes that use it
   * test the orchestration, not the trial's interpreter. {@code LC_ALL=C}: a decimal point in
   * every locale.
   */
  public static final String TRIAL = """
      LC_ALL=C exec awk 'BEGIN {
        x = 0; y = 1
        for (i = 1; i < ARGC; i++) {
          eq = index(ARGV[i], "=")
          if (eq == 0) continue
          key = substr(ARGV[i], 3, eq - 3); value = substr(ARGV[i], eq + 1)
          if (key == "x") x = value + 0
          if (key == "y") y = int(value + 0)
        }
        score = sprintf("%.6f", 1 - (x - 0.3) ^ 2 + 0.01 * y)
        sub(/0+$/, "", score); sub(/\\.$/, ".0", score)
        printf "{\\"score\\": %s, \\"_step\\": 0}\\n", score
      }' "$@"
      """;

  public final Path dir;
  public final Path campaign;
  public final ProjectLayout layout;
  /** The orchestrator's environment: this JVM's, which a test may extend. */
  public final Map<String, String> env = new HashMap<>(System.getenv());

  private LocalCampaignFixture(Path dir) {
    this.dir = dir;
    this.campaign = dir.resolve("ml_metaopt_campaign.yaml");
    this.layout = new ProjectLayout(dir);
  }

  /**
   * A seeded campaign on the local backend over {@link #TRIAL} (run by {@code sh}): two
   * iterations of three trials, two at a time, polled without pause; {@code extra} YAML is
   * appended.
   */
  public static String localCampaign(String name, int seed, String extra) {
    String trial = "sh trial.sh";
    return """
        campaign: {name: %s, description: "a local test campaign", seed: %d}
        project: {repo: ., smoke_test_command: "%s", train_command: "%s"}
        wandb: {entity: local, project: %s}
        compute: {provider: local, accelerator: cpu, num_sweep_agents: 2, max_budget_usd: 1,
                  max_trials_per_sweep: 3, poll_interval_seconds: 0}
        objective: {metric: score, direction: maximize, improvement_threshold: 0.001}
        proposal_policy: {current_target: 2}
        stop_conditions: {max_iterations: 2, max_no_improve_iterations: 2}
        search_space:
          x: {distribution: uniform, min: 0.0, max: 1.0}
          y: {values: [1, 2, 3]}
        """.formatted(name, seed, trial, trial, name) + extra;
  }

  /** Writes {@code campaignYaml} as the campaign file of project {@code dir}. */
  public static LocalCampaignFixture create(Path dir, String campaignYaml) {
    LocalCampaignFixture fixture = new LocalCampaignFixture(dir);
    fixture.write("ml_metaopt_campaign.yaml", campaignYaml);
    return fixture;
  }

  /** Writes {@link #localCampaign} and its {@link #TRIAL} into project {@code dir}. */
  public static LocalCampaignFixture local(Path dir, String name, int seed, String extra) {
    LocalCampaignFixture fixture = create(dir, localCampaign(name, seed, extra));
    fixture.write("trial.sh", TRIAL);
    return fixture;
  }

  /** Writes {@code text} to {@code name} in the project directory. */
  public void write(String name, String text) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(name), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A READY preflight artifact bound to the campaign's identity, without running any check. */
  public void readyPreflight() {
    ObjectNode artifact = Json.object();
    artifact.put("schema_version", 1);
    artifact.put("campaign_id", CampaignLoader.check(campaign).raw().path("campaign")
        .path("name").asText());
    artifact.put("campaign_identity_hash", IdentityHash.of(CampaignLoader.check(campaign).raw()));
    artifact.put("status", "READY");
    artifact.put("generated_at", "2026-01-01T00:00:00Z");
    artifact.putArray("checks");
    ObjectNode summary = artifact.putObject("checks_summary");
    for (String field : List.of("total", "passed", "failed", "bootstrapped", "warnings")) {
      summary.put(field, 0);
    }
    artifact.putArray("failures");
    artifact.put("next_action", "proceed");
    writePreflight(Json.pretty(artifact));
  }

  /** Runs the real preflight checks of {@code backend}; every one must pass. */
  public void preflight(BackendChecks backend) {
    CampaignCheck check = CampaignLoader.check(campaign);
    assertThat(check.issues()).isEmpty();
    List<CheckResult> results = new Preflight(dir, env, backend).checks(check.raw());
    assertThat(results).filteredOn(CheckResult::isFailure).isEmpty();
    writePreflight(Json.pretty(Preflight.artifact(check, results, Clock.systemUTC())));
  }

  private void writePreflight(String artifact) {
    try {
      Files.createDirectories(layout.metaoptDir());
      Files.writeString(layout.preflightFile(), artifact);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs the campaign to its end with the default agents and workers. */
  public SessionOutcome run() {
    return run(Agents.registry(), new DefaultLaneWorkers(env, Clock.systemUTC()));
  }

  /** Runs the campaign to its end with {@code registry}'s agents and {@code workers}. */
  public SessionOutcome run(AgentRegistry registry, LaneWorkers workers) {
    return run(registry, workers, Integer.MAX_VALUE);
  }

  /**
   * Runs at most {@code maxSteps} steps with {@code registry}'s agents and {@code workers}, in a
   * new orchestrator as a new {@code metaopt run --max-steps} would.
   */
  public SessionOutcome run(AgentRegistry registry, LaneWorkers workers, int maxSteps) {
    return run(registry, workers, maxSteps, false);
  }

  /** As {@link #run(AgentRegistry, LaneWorkers, int)}; {@code retry} as {@code resume --retry}. */
  public SessionOutcome run(AgentRegistry registry, LaneWorkers workers, int maxSteps,
      boolean retry) {
    return new Orchestrator(layout, registry,
        load -> new DispatchingWorkExecutor(layout, load, workers, env),
        Pacer.none(), Clock.systemUTC()).run(campaign, maxSteps, retry);
  }
}
