package dev.metaopt.backend.local;

import dev.metaopt.worker.OwnSession;
import dev.metaopt.worker.ProcessRunner;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts a trial so that it outlives the orchestrator, in a session of its own so that a
 * terminal's Ctrl-C stops metaopt and not the trial: a fixed {@code /bin/sh} wrapper runs the
 * trial's argv (passed as positional parameters, so the shell never parses a value), sends its
 * output to files and writes its exit code to a file when it ends. The orchestrator can die and a
 * later poll still learns how every trial ended.
 */
final class TrialProcess {
  /**
   * Constant script: only "$@" and environment variables, never text built from values. The exit
   * code is written with one small write and read back only once its newline is there, so the
   * wrapper starts no other process after the trial: whatever runs under it is the trial.
   */
  private static final String WRAPPER = "trap '' HUP\n"
      + "echo $$ >\"$METAOPT_TRIAL_PID\"\n"
      + "\"$@\" >\"$METAOPT_TRIAL_STDOUT\" 2>\"$METAOPT_TRIAL_STDERR\" </dev/null\n"
      + "printf '%s\\n' \"$?\" >\"$METAOPT_TRIAL_EXIT\"\n";

  /** Exit codes the wrapper records for a trial ended by {@link #stop}: SIGTERM, SIGKILL. */
  private static final Set<Integer> STOP_SIGNAL_EXITS = Set.of(128 + 15, 128 + 9);

  /** How long a wrapper gets, once its trial is gone, to record the exit code and exit. */
  private static final Duration RECORD_GRACE = Duration.ofSeconds(10);

  private TrialProcess() {}

  /** Starts the wrapper; returns its pid and start time. */
  static ProcessHandle start(List<String> argv, Path workingDir, Map<String, String> env,
      TrialFiles files) throws IOException {
    // $0 names the trial's directory, so a trial can be found even before it wrote its pid
    List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", WRAPPER, marker(files)));
    command.addAll(argv);
    // its own session: a terminal's Ctrl-C (SIGINT to the foreground group) never reaches it
    ProcessBuilder builder = new ProcessBuilder(OwnSession.argv(command))
        .directory(workingDir.toFile());
    builder.environment().clear();
    builder.environment().putAll(env);
    builder.environment().put("METAOPT_TRIAL_STDOUT", files.stdout().toString());
    builder.environment().put("METAOPT_TRIAL_STDERR", files.stderr().toString());
    builder.environment().put("METAOPT_TRIAL_EXIT", files.exitCode().toString());
    builder.environment().put("METAOPT_TRIAL_PID", files.pid().toString());
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.redirectError(ProcessBuilder.Redirect.appendTo(files.stderr().toFile()));
    return builder.start().toHandle();
  }

  /** The live process with this pid, if it is the one we started (pids get reused). */
  static Optional<ProcessHandle> find(long pid, long startedMillis) {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(handle -> {
      Optional<Instant> start = handle.info().startInstant();
      return start.isEmpty() || Math.abs(start.get().toEpochMilli() - startedMillis) < 10_000;
    });
  }

  private static String marker(TrialFiles files) {
    return "metaopt-trial:" + files.dir();
  }

  /**
   * The wrapper process of a trial: by the pid it wrote, or — when metaopt died between
   * spawning it and the wrapper's first line — by its marker among the running processes.
   */
  static Optional<Long> findWrapper(TrialFiles files) {
    Optional<Long> recorded = recordedPid(files);
    if (recorded.isPresent()) {
      return recorded;
    }
    String marker = marker(files);
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().arguments().map(args -> List.of(args).contains(marker))
            .orElse(false))
        .map(ProcessHandle::pid).findFirst();
  }

  /**
   * The exit code the wrapper recorded when the trial ended, once the whole line is written;
   * empty while the trial runs (or the wrapper is still writing it).
   */
  static Optional<Integer> recordedExit(TrialFiles files) {
    try {
      String line = Files.exists(files.exitCode()) ? Files.readString(files.exitCode()) : "";
      return line.endsWith("\n") ? Optional.of(Integer.parseInt(line.strip()))
          : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The pid the wrapper wrote when it started, if it got that far. */
  static Optional<Long> recordedPid(TrialFiles files) {
    try {
      return Files.exists(files.pid())
          ? Optional.of(Long.parseLong(Files.readString(files.pid()).strip()))
          : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** When the live process {@code pid} started. */
  static Optional<Long> startMillis(long pid) {
    return ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).map(Instant::toEpochMilli);
  }

  /**
   * Stops a trial: kills the trial and everything under it, but not its wrapper, which goes on to
   * record how the trial ended — by the stop signal, or by itself just before it — and exits. A
   * wrapper that has not finished within {@link #RECORD_GRACE} is killed too (its trial's end is
   * then unknown).
   */
  static void stop(long pid, long startedMillis) {
    find(pid, startedMillis).ifPresent(wrapper -> {
      wrapper.children().forEach(ProcessRunner::killTree);
      try {
        wrapper.onExit().get(RECORD_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        ProcessRunner.killTree(wrapper);
      } catch (InterruptedException e) {
        ProcessRunner.killTree(wrapper);
        Thread.currentThread().interrupt();
      }
    });
  }

  /** True when a recorded exit code is the one a trial ended by {@link #stop} gets. */
  static boolean endedByStop(int exitCode) {
    return STOP_SIGNAL_EXITS.contains(exitCode);
  }

  /** The files of one trial. */
  record TrialFiles(Path dir) {
    Path stdout() {
      return dir.resolve("stdout.log");
    }

    Path stderr() {
      return dir.resolve("stderr.log");
    }

    Path exitCode() {
      return dir.resolve("exit_code");
    }

    Path pid() {
      return dir.resolve("pid");
    }

    Path params() {
      return dir.resolve("params.yaml");
    }

    Path argsJson() {
      return dir.resolve("args.json");
    }

    Path metrics() {
      return dir.resolve("metrics.jsonl");
    }

    Path wandbDir() {
      return dir.resolve("wandb-dir");
    }
  }
}
