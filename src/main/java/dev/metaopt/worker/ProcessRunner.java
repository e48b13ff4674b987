package dev.metaopt.worker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way metaopt starts a child process: argv only, explicit environment, stdout captured
 * (bounded), stderr to a log file, and a hard timeout after which the whole process tree is
 * killed.
 */
public final class ProcessRunner {
  /** Stdout beyond this is dropped (and reported as truncated): a worker answer is small. */
  public static final int MAX_STDOUT_BYTES = 8 * 1024 * 1024;

  private static final Logger log = LoggerFactory.getLogger(ProcessRunner.class);
  private static final Duration KILL_GRACE = Duration.ofSeconds(2);
  /** How often a process that may be stopped early is asked whether its job is done. */
  private static final long DONE_CHECK_MILLIS = 100;
  /** The {@code done} of a process that runs until it exits or times out: never asked. */
  private static final Predicate<String> NEVER_DONE = stdout -> false;
  /** The children started by {@link #run} that have not been reaped yet. */
  private static final Set<ProcessHandle> RUNNING = ConcurrentHashMap.newKeySet();

  private ProcessRunner() {}

  /**
   * Runs {@code spec} to completion or timeout.
   *
   * @throws IOException when the program cannot be started (not found, not executable)
   */
  public static ProcessResult run(ProcessSpec spec) throws IOException {
    return run(spec, NEVER_DONE);
  }

  /**
   * Runs {@code spec} to completion, timeout, or until {@code done} — asked with the stdout
   * captured so far every {@value #DONE_CHECK_MILLIS} ms while the process runs — says it has
   * shown what the caller needed: then its process tree is killed and the result is
   * {@link ProcessResult#stopped()}.
   *
   * @throws IOException when the program cannot be started (not found, not executable)
   */
  public static ProcessResult run(ProcessSpec spec, Predicate<String> done) throws IOException {
    List<String> command = new java.util.ArrayList<>(spec.command());
    // Resolved here, not by exec: setsid would start and only then fail to run a missing program
    Path program = ExecutableLookup.find(command.get(0), spec.directory(),
        spec.environment().get("PATH")).orElseThrow(() -> new IOException("no executable '"
            + command.get(0) + "' in " + (command.get(0).contains("/") ? spec.directory()
            : "PATH=" + spec.environment().getOrDefault("PATH", ""))));
    command.set(0, program.toString());
    ProcessBuilder builder = new ProcessBuilder(OwnSession.argv(command))
        .directory(spec.directory().toFile());
    builder.environment().clear();
    builder.environment().putAll(spec.environment());
    if (spec.stderrLog() != null) {
      Files.createDirectories(spec.stderrLog().toAbsolutePath().getParent());
      builder.redirectError(ProcessBuilder.Redirect.appendTo(spec.stderrLog().toFile()));
    } else {
      builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    }
    long started = System.nanoTime();
    Process process = builder.start();
    RUNNING.add(process.toHandle());
    try {
      return await(spec, process, started, done);
    } finally {
      RUNNING.remove(process.toHandle());
    }
  }

  /**
   * Kills every process this JVM is running through {@link #run} (with its tree): what a user's
   * second Ctrl-C stops at once. Trials are not among them: they are not started here.
   */
  public static void killRunning() {
    RUNNING.forEach(ProcessRunner::killTree);
  }

  private static ProcessResult await(ProcessSpec spec, Process process, long started,
      Predicate<String> done) {
    BoundedCapture stdout = new BoundedCapture(process.getInputStream());
    Thread pump = new Thread(stdout, "stdout-" + process.pid());
    pump.setDaemon(true);
    pump.start();
    // Fed from its own thread: a child that never reads a large stdin must still time out.
    Thread feeder = new Thread(() -> feedStdin(process, spec.stdin()), "stdin-" + process.pid());
    feeder.setDaemon(true);
    feeder.start();
    boolean timedOut = false;
    boolean stopped = false;
    try {
      Ending ending = awaitEnding(spec, process, started, done, stdout);
      timedOut = ending == Ending.TIMED_OUT;
      stopped = ending == Ending.DONE;
      if (timedOut) {
        log.warn(
            "process {} ({}) exceeded its {}s timeout; killing its process tree",
            process.pid(),
            spec.command().get(0),
            spec.timeout().toSeconds());
      }
      if (ending != Ending.EXITED) {
        killTree(process.toHandle());
      }
      pump.join(KILL_GRACE.toMillis());
    } catch (InterruptedException e) {
      killTree(process.toHandle());
      Thread.currentThread().interrupt();
      timedOut = true;
    }
    Duration duration = Duration.ofNanos(System.nanoTime() - started);
    int exit = timedOut || stopped ? -1 : process.exitValue();
    return new ProcessResult(exit, stdout.text(), stdout.truncated(), duration, timedOut,
        stopped);
  }

  /** How a wait for a process ended. */
  private enum Ending { EXITED, TIMED_OUT, DONE }

  private static Ending awaitEnding(ProcessSpec spec, Process process, long started,
      Predicate<String> done, BoundedCapture stdout) throws InterruptedException {
    long deadline = started + spec.timeout().toNanos();
    long interval = done == NEVER_DONE ? Long.MAX_VALUE
        : TimeUnit.MILLISECONDS.toNanos(DONE_CHECK_MILLIS);
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return Ending.TIMED_OUT;
      }
      if (process.waitFor(Math.min(left, interval), TimeUnit.NANOSECONDS)) {
        return Ending.EXITED;
      }
      if (done.test(stdout.text())) {
        return Ending.DONE;
      }
    }
  }

  /**
   * Kills a process and every descendant. Descendants are listed before the parent dies, since an
   * orphan is re-parented and can no longer be found through it.
   */
  public static void killTree(ProcessHandle root) {
    List<ProcessHandle> descendants = root.descendants().toList();
    root.destroy();
    descendants.forEach(ProcessHandle::destroy);
    waitForExit(root, descendants);
    if (root.isAlive()) {
      root.destroyForcibly();
    }
    descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private static void waitForExit(ProcessHandle root, List<ProcessHandle> descendants) {
    long deadline = System.nanoTime() + KILL_GRACE.toNanos();
    while (System.nanoTime() < deadline
        && (root.isAlive() || descendants.stream().anyMatch(ProcessHandle::isAlive))) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void feedStdin(Process process, String stdin) {
    try (OutputStream in = process.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // The child may exit (or close stdin) without reading it all; that is its choice.
      log.debug("stdin of process {} closed early: {}", process.pid(), e.getMessage());
    }
  }

  /** Drains a stream fully (so the child never blocks on a full pipe) keeping a bounded prefix. */
  private static final class BoundedCapture implements Runnable {
    private final InputStream in;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final AtomicBoolean truncated = new AtomicBoolean();

    BoundedCapture(InputStream in) {
      this.in = in;
    }

    @Override
    public void run() {
      byte[] buffer = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          synchronized (kept) {
            int room = MAX_STDOUT_BYTES - kept.size();
            if (room > 0) {
              kept.write(buffer, 0, Math.min(room, n));
            }
            if (n > room) {
              truncated.set(true);
            }
          }
        }
      } catch (IOException ignored) {
        // stream closed because the process was killed; keep what we have
      }
    }

    String text() {
      synchronized (kept) {
        return kept.toString(StandardCharsets.UTF_8);
      }
    }

    boolean truncated() {
      return truncated.get();
    }
  }
}
