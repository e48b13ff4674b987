package dev.metaopt.backend.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.io.AtomicFiles;
import dev.metaopt.io.CrashPoints;
import dev.metaopt.json.Json;
import dev.metaopt.protocol.SweepStop;
import dev.metaopt.protocol.TrialState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Advances one sweep by one poll: collects trials that ended, applies the watchdog (idle, NaN,
 * divergence, hyperband), enforces the budget and the time cap, and starts trials up to
 * {@code num_sweep_agents}. A trial whose process vanished without an exit code (the machine or
 * the wrapper died) is marked crashed and its configuration queued once more; a finished trial is
 * never run again.
 */
final class SweepRunner {
  private static final Logger log = LoggerFactory.getLogger(SweepRunner.class);

  private final SweepRecord sweep;
  private final SweepSpec spec;
  private final SweepStore store;
  private final Map<String, String> environment;
  private final TrialProcesses processes;
  private final long now;

  SweepRunner(SweepRecord sweep, SweepStore store, Map<String, String> environment,
      TrialProcesses processes, long now) {
    this.sweep = sweep;
    this.spec = SweepSpec.parse(sweep.config);
    this.store = store;
    this.environment = environment;
    this.processes = processes;
    this.now = now;
  }

  SweepSpec spec() {
    return spec;
  }

  /** One poll's worth of bookkeeping; {@code spendBefore} is the campaign's earlier spend. */
  void advance(double spendBefore, double budget) {
    for (SweepRecord.Trial trial : sweep.trials) {
      if (trial.state == TrialState.STARTING) {
        recoverStarting(trial);
      }
      if (trial.running()) {
        observe(trial);
      }
    }
    Hyperband.outranked(spec, sweep.trials, t -> MetricLogs.of(
        store.files(sweep.sweepId, t.runId), spec.metric(), !t.running()))
        .forEach(t -> kill(t, "hyperband"));
    Optional<String> sameFailure = FailFast.reason(sweep);
    if (sameFailure.isPresent()) {
      stopAll(FailFast.STOP_REASON);
      sweep.stopDetail = sameFailure.get();
      log.warn("sweep {} stopped: {}", sweep.sweepId, sweep.stopDetail);
    } else if (spendBefore + sweep.spend(now) >= budget) {
      stopAll("budget_exceeded");
    } else if (sweep.maxSweepMinutes > 0 && now - sweep.createdMillis
        >= sweep.maxSweepMinutes * 60_000) {
      stopAll("sweep_time_cap");
    }
    if (!sweep.stopped) {
      startTrials();
    }
  }

  /** Starts trials while agents are free and the cap (or grid) allows. */
  void startTrials() {
    while (sweep.running() < sweep.agents) {
      Optional<SweepRecord.Trial> requeue = sweep.trials.stream()
          .filter(t -> t.state == TrialState.CRASHED && !t.requeued).findFirst();
      Map<String, JsonNode> values;
      int index;
      if (requeue.isPresent()) {
        requeue.get().requeued = true;
        values = requeue.get().values;
        index = requeue.get().index;
      } else {
        if (sweep.suggested >= sweep.cap) {
          return;
        }
        int horizon = sweep.suggested - sweep.agents; // trials this suggestion may learn from
        if (spec.method().equals("bayes") && !endedUpTo(horizon)) {
          return; // wait: suggesting now would depend on how fast trials happened to finish
        }
        Optional<Map<String, JsonNode>> next = Suggester.suggest(spec, sweep.seed,
            sweep.suggested, SearchHistory.of(sweep, sweep.suggested, horizon,
                CampaignMemory.setup(store.dir(sweep.sweepId))));
        if (next.isEmpty()) {
          sweep.cap = sweep.suggested; // every configuration of a grid or finite space has run
          if (sweep.suggested == 0) {
            sweep.stopReason = SweepStop.SPACE_EXHAUSTED;
            sweep.stopDetail = "every configuration of its space had already been measured by"
                + " earlier iterations, as often as compute.max_runs_per_config allows";
          }
          return;
        }
        values = next.get();
        index = sweep.suggested++;
      }
      launch(values, index, requeue.isPresent());
    }
  }

  /**
   * Records the trial as {@code starting} and persists that before spawning it, so a crash at any
   * point leaves either a record to adopt or restart, never an unknown process.
   */
  private void launch(Map<String, JsonNode> values, int index, boolean retry) {
    SweepRecord.Trial trial = new SweepRecord.Trial();
    trial.requeued = retry; // a retried configuration is never retried again
    trial.runId = String.format("%s-t%03d", sweep.sweepId, sweep.trials.size() + 1);
    trial.index = index;
    trial.values = new LinkedHashMap<>(values);
    trial.state = TrialState.STARTING;
    sweep.trials.add(trial);
    store.save(sweep);
    CrashPoints.reach("before spawning trial " + trial.runId);
    spawn(trial);
    CrashPoints.reach("after spawning trial " + trial.runId + ", before recording it");
    store.save(sweep);
  }

  private void spawn(SweepRecord.Trial trial) {
    trial.startedMillis = now;
    trial.lastOutputMillis = now;
    TrialProcess.TrialFiles files = store.files(sweep.sweepId, trial.runId);
    try {
      Files.createDirectories(files.wandbDir());
      AtomicFiles.writeString(files.params(), ParamFile.yaml(trial.values));
      AtomicFiles.writeString(files.argsJson(), Json.pretty(Suggester.nest(trial.values)));
      List<String> argv = TrialCommand.argv(sweep.trainCommand, trial.values,
          files.argsJson().toString());
      ProcessHandle handle = TrialProcess.start(argv, Path.of(sweep.projectDir),
          TrialEnvironment.of(environment, sweep.sweepId, trial.runId, files), files);
      trial.pid = handle.pid();
      trial.startedMillis = handle.info().startInstant().map(i -> i.toEpochMilli()).orElse(now);
      trial.state = TrialState.RUNNING;
      // debug: the session logs each trial's start and end for people, from the poll result
      log.debug("trial {} started: {}", trial.runId, Suggester.nest(trial.values));
    } catch (IOException | IllegalArgumentException e) {
      trial.state = TrialState.FAILED;
      trial.endedMillis = now;
      trial.reason = "could not start: " + e.getMessage();
    }
  }

  /**
   * A trial persisted as {@code starting} by a process that died around the spawn: adopt the
   * process if the wrapper got going (it writes its pid first), otherwise start it now.
   */
  private void recoverStarting(SweepRecord.Trial trial) {
    TrialProcess.TrialFiles files = store.files(sweep.sweepId, trial.runId);
    Optional<Long> pid = TrialProcess.findWrapper(files);
    if (pid.isPresent() || processes.recordedExit(files).isPresent()) {
      trial.pid = pid.orElse(0L);
      trial.startedMillis = TrialProcess.startMillis(trial.pid).orElse(now);
      trial.lastOutputMillis = now;
      trial.state = TrialState.RUNNING;
    } else {
      spawn(trial);
    }
  }

  /** Collects an ended trial, or applies the watchdog to a running one. */
  private void observe(SweepRecord.Trial trial) {
    TrialProcess.TrialFiles files = store.files(sweep.sweepId, trial.runId);
    MetricLog metrics = MetricLogs.of(files, spec.metric(), false);
    long bytes = TrialActivity.bytesLogged(files);
    if (bytes > trial.outputBytes) {
      trial.outputBytes = bytes;
      trial.lastOutputMillis = now;
    }
    Optional<Integer> exit = processes.recordedExit(files);
    boolean gone = exit.isEmpty() && !processes.alive(trial.pid, trial.startedMillis);
    if (gone) {
      // The wrapper writes the exit code before it exits: look again, the trial may have ended
      // between the two checks above.
      exit = processes.recordedExit(files);
    }
    if (exit.isPresent()) {
      end(trial, files, exit.get());
    } else if (gone) {
      trial.state = TrialState.CRASHED;
      trial.endedMillis = now;
      trial.reason = "process vanished without an exit code";
    } else if (metrics.nonFinite() != null) {
      trial.error = metrics.nonFinite();
      kill(trial, "nan");
    } else if (now - trial.lastOutputMillis > sweep.idleMinutes * 60_000) {
      trial.error = "nothing logged for " + TrialActivity.minutes(sweep.idleMinutes) + " min";
      kill(trial, "idle");
    } else if (TrialActivity.silentPastGrace(trial, now)) {
      trial.silenceWarned = true;
      log.warn("trial {} has logged nothing for {} s (stdout, metrics file and W&B files are"
          + " empty); it is killed as idle after {} min of silence. If it prints its metrics,"
          + " flush them: metaopt sets PYTHONUNBUFFERED=1, other languages must flush each"
          + " line. Its output: {}", trial.runId, TrialActivity.GRACE.toSeconds(),
          TrialActivity.minutes(sweep.idleMinutes), files.dir().toAbsolutePath());
    }
  }

  /** Records how a trial that exited by itself ended; a failure is logged with its own cause. */
  private void end(SweepRecord.Trial trial, TrialProcess.TrialFiles files, int exit) {
    trial.error = null; // a verdict's evidence (e.g. idle) does not describe an exit
    TrialOutcome.end(trial, files, MetricLogs.of(files, spec.metric(), true), exit, spec.metric(),
        now);
    if (trial.state == TrialState.FAILED) {
      log.warn("trial {} failed ({}): {}; log: {}", trial.runId, trial.reason,
          trial.error == null ? "no error output" : trial.error, files.stderr().toAbsolutePath());
    }
  }

  /**
   * Stops a running trial for {@code reason}. How it ended is read only after the stop, from what
   * its wrapper recorded: a trial that ended by itself after this poll last looked at it — before
   * the signal reached it — keeps its own exit code and result, never the verdict.
   */
  private void kill(SweepRecord.Trial trial, String reason) {
    TrialProcess.TrialFiles files = store.files(sweep.sweepId, trial.runId);
    processes.stop(trial.pid, trial.startedMillis);
    Optional<Integer> exit = processes.recordedExit(files);
    if (exit.isPresent() && !TrialProcess.endedByStop(exit.get())) {
      end(trial, files, exit.get());
      log.info("trial {} ended by itself (exit code {}) as it was to be stopped: {}", trial.runId,
          exit.get(), reason);
      return;
    }
    trial.state = TrialState.KILLED;
    trial.reason = reason;
    trial.endedMillis = now;
    log.debug("trial {} killed: {}", trial.runId, reason);
  }

  /** Stops every running trial and the sweep; nothing more is started. */
  void stopAll(String reason) {
    for (SweepRecord.Trial trial : sweep.trials) {
      if (trial.running()) {
        kill(trial, reason);
      }
    }
    sweep.stopped = true;
    sweep.stopReason = reason;
  }

  /** True when every trial with an index up to {@code horizon} has ended. */
  private boolean endedUpTo(int horizon) {
    return sweep.trials.stream().filter(t -> t.index <= horizon).noneMatch(t -> t.running()
        || (t.state == TrialState.CRASHED && !t.requeued));
  }

}
