package dev.metaopt.backend.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.backend.ErrorLine;
import dev.metaopt.campaign.Campaign;
import dev.metaopt.campaign.DidYouMean;
import dev.metaopt.io.AtomicFiles;
import dev.metaopt.json.Json;
import dev.metaopt.worker.ProcessResult;
import dev.metaopt.worker.ProcessRunner;
import dev.metaopt.worker.ProcessSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The local smoke test's second half: the selected sweep's first configuration, run through the
 * very command and environment its trials get (after {@code project.setup_command}, as a sweep
 * runs it before its first trial), for at most the smoke limit. It fails when that
 * trial exits non-zero, or exits 0 without ever logging the objective metric (naming the metrics
 * it did log): the two mistakes that would otherwise cost a whole sweep (a parameter the program
 * cannot parse, a misspelt metric). It passes as soon as the objective has been logged: the trial
 * is then stopped with its process tree ({@code stopped_at_metric}), since the rest of its run
 * would tell the smoke test nothing more. A trial still running at the limit passes, with a
 * warning if the objective has not shown up yet, since a slow first epoch is no error.
 */
final class SampledSmoke {
  /** Why no trial ran: the sweep will run none either (it ends {@code space_exhausted}). */
  static final String NOTHING_TO_RUN = "every configuration of the sweep's space has already been"
      + " measured by earlier iterations, as often as compute.max_runs_per_config allows: the"
      + " sweep will run no trial, so none is smoke-tested";

  private SampledSmoke() {}

  /**
   * Runs the sampled trial of {@code task} (a {@code run_smoke_test} with a sweep config), chosen
   * knowing the sweeps already in {@code store}.
   */
  static ObjectNode run(ObjectNode task, SweepStore store, Map<String, String> environment,
      Duration limit) {
    ObjectNode result = Json.object();
    String metric = task.path("sweep_config").path("metric").path("name")
        .asText(task.path("objective").path("metric").asText());
    TrialProcess.TrialFiles files = new TrialProcess.TrialFiles(Path.of(
        task.path("metaopt_dir").asText(), "smoke", task.path("name").asText("smoke-test")));
    try {
      SweepSpec spec = SweepSpec.parse((ObjectNode) task.path("sweep_config"));
      // suggested as the sweep's first trial will be: knowing what earlier iterations measured
      SearchSetup memory = CampaignMemory.of(store.root(), LocalBackend.sweepId(task), spec,
          task.path("compute"));
      Optional<Map<String, JsonNode>> first = Suggester.suggest(spec,
          LocalBackend.sweepSeed(task), 0, SearchHistory.sequential(List.of(), memory));
      if (first.isEmpty()) {
        result.put("passed", true);
        result.put("skipped", NOTHING_TO_RUN);
        return result;
      }
      result.put("files", files.dir().toAbsolutePath().toString());
      Map<String, JsonNode> values = first.get();
      JsonNode config = Suggester.nest(values);
      result.set("config", config);
      reset(files);
      Path projectDir = Path.of(task.path("project_dir").asText());
      // the machine prepared as for the sweep's trials (e.g. the program built) before it runs
      Optional<String> setupFailure = Campaign.Project.from(task.path("project")).setupCommand()
          .flatMap(setup -> SweepSetup.run(setup, projectDir, environment, files.dir()));
      if (setupFailure.isPresent()) {
        result.put("passed", false);
        result.put("failure", setupFailure.get());
        return result;
      }
      AtomicFiles.writeString(files.params(), ParamFile.yaml(values));
      AtomicFiles.writeString(files.argsJson(), Json.pretty(config));
      // the same command the sweep's trials run: the campaign's, never the proposal's
      List<String> argv = TrialCommand.argv(task.path("project").path("train_command")
          .asText(null), values, files.argsJson().toString());
      result.set("command", Json.toTree(argv));
      // ended as soon as the objective shows up: all the smoke test needs to know of a trial
      ProcessResult run = ProcessRunner.run(new ProcessSpec(argv, projectDir,
          TrialEnvironment.of(environment, "smoke", "smoke", files), "", files.stderr(), limit),
          stdout -> hasLogged(stdout, files, metric));
      AtomicFiles.writeString(files.stdout(), run.stdout());
      judge(result, run, MetricLog.read(files, metric), metric, files);
    } catch (IOException | IllegalArgumentException | ClassCastException e) {
      result.put("passed", false);
      result.put("failure", "the sweep's first configuration could not be started: "
          + e.getMessage());
    }
    return result;
  }

  /**
   * True once the running trial has logged the objective. The whole log is read only when the
   * name is in its stdout or a metrics file or W&B directory exists, since it is asked often.
   */
  private static boolean hasLogged(String stdout, TrialProcess.TrialFiles files, String metric) {
    boolean mayHave = stdout.contains(metric) || Files.exists(files.metrics())
        || Files.isDirectory(files.wandbDir().resolve("wandb"));
    return mayHave && !MetricLog.read(stdout, files, metric).isEmpty();
  }

  private static void judge(ObjectNode result, ProcessResult run, MetricLog metrics,
      String metric, TrialProcess.TrialFiles files) {
    boolean logged = !metrics.isEmpty();
    if (!run.stopped()) {
      result.put("exit_code", run.timedOut() ? 124 : run.exitCode());
    }
    result.put("timed_out", run.timedOut());
    result.put("stopped_at_metric", run.stopped());
    result.put("metric_logged", logged);
    result.set("metrics_logged", Json.toTree(List.copyOf(metrics.names())));
    String config = Json.compact(result.path("config"));
    if (!run.timedOut() && !run.stopped() && run.exitCode() != 0) {
      result.put("passed", false);
      result.put("failure", "the sweep's first configuration " + config + " exited with code "
          + run.exitCode() + ErrorLine.ofFile(files.stderr())
              .or(() -> ErrorLine.of(run.stdout())).map(line -> ": " + line)
              .orElse(" and printed no error"));
    } else if (!logged && !run.timedOut() && !run.stopped()) {
      result.put("passed", false);
      result.put("failure", "the sweep's first configuration " + config + " exited 0 without"
          + " ever logging " + metric + "; " + TrialOutcome.loggedInstead(metrics, metric)
          + similar(metric, metrics));
    } else {
      result.put("passed", true);
      if (!logged) {
        result.put("warning", metric + " was not logged in the first "
            + run.duration().toSeconds() + " s of the sweep's first configuration ("
            + TrialOutcome.loggedInstead(metrics, metric) + "); the sweep runs, but check the"
            + " name if its trials fail with 'no " + metric + " logged'");
      }
    }
  }

  /** " (did you mean 'val/loss'? ...)" when a logged name is close to the metric's. */
  private static String similar(String metric, MetricLog metrics) {
    return DidYouMean.closest(metric, metrics.names())
        .map(name -> " (did you mean '" + name + "'? set objective.metric to the name the"
            + " program logs)")
        .orElse("");
  }

  /** A re-run after a crash starts from empty logs, never the last attempt's output. */
  private static void reset(TrialProcess.TrialFiles files) throws IOException {
    if (Files.exists(files.dir())) {
      try (Stream<Path> paths = Files.walk(files.dir())) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
    Files.createDirectories(files.wandbDir());
  }
}
