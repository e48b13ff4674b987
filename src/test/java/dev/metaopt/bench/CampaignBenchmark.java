package dev.metaopt.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import dev.metaopt.agent.Agents;
import dev.metaopt.backend.local.BenchmarkAccess;
import dev.metaopt.backend.local.BenchmarkAccess.Method;
import dev.metaopt.builtin.IdeationWorker;
import dev.metaopt.builtin.SearchModel;
import dev.metaopt.campaign.CampaignLoader;
import dev.metaopt.dispatch.DefaultLaneWorkers;
import dev.metaopt.dispatch.DispatchingWorkExecutor;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.json.Json;
import dev.metaopt.orchestrator.Orchestrator;
import dev.metaopt.orchestrator.Pacer;
import dev.metaopt.preflight.BackendChecks;
import dev.metaopt.preflight.Preflight;
import dev.metaopt.protocol.Lane;
import dev.metaopt.worker.InProcessWorker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A whole campaign against a single sweep: built-in ideation, selection and analysis drive
 * iteration after iteration, each sweep run at once by an in-process backend
 * ({@link InstantBackend}: the local backend's suggester, GP {@code bayes}, campaign memory) on
 * a test function, until {@link #TRIALS} trials in total have run; against one GP sweep and one
 * random sweep of as many trials over the declared space. Median regret over 20 seeds (the
 * campaign seed; {@code -Dseeds=N -DfirstSeed=S} for seeds S to S + N − 1, as
 * {@link SearchBenchmark} takes them), with the seed-by-seed comparison of the campaign and
 * the single sweep ({@link PairedComparison}). Run with the command in
 * {@code docs/BENCHMARKS.md}.
 *
 * <p>{@code -DnoNarrowing=true} isolates what narrowing does: ideation's model then places its
 * best next point outside every narrowed space, so each proposal continues the whole declared
 * space with bayes (selection still asks the real model).
 */
public final class CampaignBenchmark {
  static final int TRIALS = 100;
  static final double BUDGET = 100;
  private static final boolean NO_NARROWING = Boolean.getBoolean("noNarrowing");
  /** A model whose best next point (every parameter NaN) lies in no narrowed range. */
  private static final SearchModel ELSEWHERE = (space, objective, trials, seed) -> {
    Map<String, JsonNode> point = new LinkedHashMap<>();
    space.fieldNames().forEachRemaining(name -> point.put(name, DoubleNode.valueOf(Double.NaN)));
    return Optional.of(point);
  };

  public static void main(String[] args) throws Exception {
    List<String> only = List.of(args);
    System.out.println("| problem | campaign (ideation, GP bayes) | single GP sweep | random |"
        + " campaign better in | campaign / sweep, medians (95% CI) | p: sign, Wilcoxon |"
        + " iterations (median) |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (SearchBenchmark.Problem problem : SearchBenchmark.PROBLEMS) {
      if (!only.isEmpty() && !only.contains(problem.name())) {
        continue;
      }
      int seeds = SearchBenchmark.SEEDS;
      double[] campaign = new double[seeds];
      double[] sweep = new double[seeds];
      double[] random = new double[seeds];
      double[] iterations = new double[seeds];
      for (int i = 0; i < seeds; i++) {
        int seed = SearchBenchmark.FIRST_SEED + i;
        double[] run = campaign(problem, seed);
        campaign[i] = Arrays.stream(run, 0, run.length - 1).min().orElseThrow()
            - problem.minimum();
        iterations[i] = run[run.length - 1];
        sweep[i] = single(problem, Method.GP, seed);
        random[i] = single(problem, Method.RANDOM, seed);
        if (Boolean.getBoolean("trace")) {
          System.err.printf(Locale.ROOT, "%s seed %d: campaign %.4g, single sweep %.4g, %.0f"
              + " iterations%n", problem.name(), seed, campaign[i], sweep[i],
              iterations[i]);
        }
      }
      PairedComparison paired = PairedComparison.of(campaign, sweep);
      System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %d/%d seeds | %.3g (%.3g–%.3g) |"
          + " %.2g, %.2g | %.0f |%n",
          problem.name(), SearchBenchmark.fmt(SearchBenchmark.median(campaign)),
          SearchBenchmark.fmt(SearchBenchmark.median(sweep)),
          SearchBenchmark.fmt(SearchBenchmark.median(random)), paired.better(), seeds,
          paired.medianRatio(), paired.ratioLow(), paired.ratioHigh(), paired.signP(),
          paired.wilcoxonP(), SearchBenchmark.median(iterations));
    }
  }

  static double single(SearchBenchmark.Problem problem, Method method, int seed) {
    double[] curve = BenchmarkAccess.bestCurve(SearchBenchmark.config(problem, "bayes", TRIALS),
        method, seed, TRIALS, 1, problem.f());
    return curve[curve.length - 1] - problem.minimum();
  }

  /** The values of every trial of one campaign, then its iteration count. */
  static double[] campaign(SearchBenchmark.Problem problem, int seed) throws Exception {
    Path dir = Files.createTempDirectory("metaopt-campaign-bench");
    try {
      Path campaign = dir.resolve("ml_metaopt_campaign.yaml");
      Files.writeString(campaign, yaml(problem, seed));
      ProjectLayout layout = new ProjectLayout(dir);
      var check = CampaignLoader.check(campaign);
      Files.createDirectories(layout.metaoptDir());
      Files.writeString(layout.preflightFile(), Json.pretty(Preflight.artifact(check,
          new Preflight(dir, System.getenv(), BackendChecks.local()).checks(check.raw()),
          Clock.systemUTC())));
      InstantBackend backend = new InstantBackend(problem, TRIALS, BUDGET);
      DefaultLaneWorkers builtins = new DefaultLaneWorkers(System.getenv(), Clock.systemUTC());
      new Orchestrator(layout, Agents.registry(),
          load -> new DispatchingWorkExecutor(layout, load, (lane, handoff) -> lane == Lane.EXECUTION
              ? Optional.of(new InProcessWorker("instant backend", backend::handle))
              : lane == Lane.IDEATION && NO_NARROWING
              ? Optional.of(new InProcessWorker("ideation without narrowing",
                  new IdeationWorker(ELSEWHERE)::run))
              : builtins.forLane(lane, handoff), Map.of()),
          Pacer.none(), Clock.systemUTC()).run(campaign, Integer.MAX_VALUE);
      double[] values = backend.values();
      double[] out = Arrays.copyOf(values, values.length + 1);
      out[values.length] = Json.parse(Files.readString(layout.metaoptDir().resolve(
          "state.json"))).path("completed_iterations").size();
      return out;
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static String yaml(SearchBenchmark.Problem problem, int seed) {
    return "campaign: {name: bench, description: \"campaign benchmark\", seed: " + seed + "}\n"
        + "project: {repo: ., smoke_test_command: \"true\", train_command: \"true\"}\n"
        + "wandb: {entity: local, project: bench}\n"
        + "compute: {provider: local, accelerator: cpu, num_sweep_agents: 1, max_budget_usd: "
        + BUDGET + ", poll_interval_seconds: 0}\n"
        + "objective: {metric: f, direction: minimize, improvement_threshold: 1.0e-9}\n"
        + "proposal_policy: {current_target: 2}\n"
        + "stop_conditions: {max_iterations: 1000, max_no_improve_iterations: 1000}\n"
        + "search_space: {" + problem.parameters() + "}\n";
  }

  private CampaignBenchmark() {}
}
