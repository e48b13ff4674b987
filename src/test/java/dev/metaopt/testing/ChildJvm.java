package dev.metaopt.testing;

import dev.metaopt.worker.ProcessResult;
import dev.metaopt.worker.ProcessRunner;
import dev.metaopt.worker.ProcessSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started by a test — metaopt itself (so it can be killed with SIGKILL mid-run, or sent a
 * terminal's Ctrl-C in a process group of its own) or a helper main class — on the test
 * classpath, with the start-up flags {@code bin/metaopt} uses. Closing it kills it forcibly and
 * waits until it is gone, so a test never leaves a child behind.
 */
public final class ChildJvm implements AutoCloseable {
  /** What {@code bin/metaopt} starts the JVM with: a short-lived command, not a server. */
  public static final List<String> LAUNCHER_FLAGS =
      List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto");

  /** A generous bound so a broken child fails the test instead of hanging the build. */
  private static final long MAX_WAIT_SECONDS = 300;

  private final Process process;
  private final BufferedReader stdout;

  private ChildJvm(Process process) {
    this.process = process;
    this.stdout = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /**
   * Starts {@code metaopt ARGS...} with extra JVM options (e.g. {@code -Dmetaopt.crashAfter=N})
   * and extra environment variables; its output is discarded.
   */
  public static ChildJvm metaopt(List<String> jvmOptions, Map<String, String> env,
      String... args) {
    ProcessBuilder builder = new ProcessBuilder(command(jvmOptions, "dev.metaopt.cli.Main", args))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().putAll(env);
    return start(builder);
  }

  /** Starts {@code metaopt ARGS...}; its output is discarded. */
  public static ChildJvm metaopt(String... args) {
    return metaopt(List.of(), Map.of(), args);
  }

  /**
   * Starts {@code metaopt ARGS...} as a person's terminal runs a foreground job: in a process
   * group of its own (started by {@code setsid}, so its pid is the group id), its output kept in
   * files. {@link #signalGroup} then does what the terminal's Ctrl-C does. SIGINT is set back
   * to its default ({@code env --default-signal=INT}, coreutils ≥ 8.31) as a terminal's
   * foreground job has it: a build started in the background ({@code nohup mvn … &}, some CI
   * runners) passes SIGINT on ignored, and a JVM started with SIGINT ignored keeps it ignored
   * (HotSpot installs no handler over an inherited SIG_IGN), so no Ctrl-C would reach metaopt.
   */
  public static ChildJvm inOwnProcessGroup(Path stdoutFile, Path stderrFile, String... args) {
    List<String> command = new ArrayList<>(List.of("setsid", "env", "--default-signal=INT"));
    command.addAll(command(List.of(), "dev.metaopt.cli.Main", args));
    return start(new ProcessBuilder(command).redirectOutput(stdoutFile.toFile())
        .redirectError(stderrFile.toFile()));
  }

  /** Starts helper {@code main} with {@code args}; stdout is read with {@link #readLine}. */
  public static ChildJvm main(Class<?> main, Path stderrFile, String... args) {
    return start(new ProcessBuilder(command(List.of(), main.getName(), args))
        .redirectError(stderrFile.toFile()));
  }

  private static List<String> command(List<String> jvmOptions, String main, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(LAUNCHER_FLAGS);
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main);
    command.addAll(List.of(args));
    return command;
  }

  private static ChildJvm start(ProcessBuilder builder) {
    try {
      return new ChildJvm(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public long pid() {
    return process.pid();
  }

  /**
   * What the child is doing, for a failure message: its threads' stacks ({@code jcmd
   * Thread.print}, run as the product runs a command: killed with its tree at 30 s) and the
   * processes it started, with their command lines.
   */
  public String diagnose() {
    StringBuilder text = new StringBuilder("processes under ").append(pid()).append(':');
    process.descendants().forEach(p -> text.append("\n  ").append(p.pid()).append(' ')
        .append(p.info().commandLine().orElse("?")));
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Path stderr = Files.createTempFile("jcmd-", ".err");
      ProcessResult dump = ProcessRunner.run(new ProcessSpec(List.of(jcmd.toString(),
          Long.toString(pid()), "Thread.print"), stderr.getParent(), Map.of(), "", stderr,
          Duration.ofSeconds(30)));
      text.append("\nthreads:\n").append(dump.stdout()).append(Files.readString(stderr));
      Files.delete(stderr);
    } catch (IOException e) {
      text.append("\nno thread dump: ").append(e.getMessage());
    }
    return text.toString();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Its exit code; it must have exited. */
  public int exitValue() {
    return process.exitValue();
  }

  /** The process group it runs in (field 5 of {@code /proc/<pid>/stat}). */
  public long processGroup() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
    // the command name (field 2) is in parentheses and may hold spaces: count after it
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[2]);
  }

  /**
   * Sends {@code signal} (e.g. {@code INT}) to every process of its process group, as a
   * terminal does to its foreground job on Ctrl-C.
   */
  public void signalGroup(String signal) throws IOException, InterruptedException {
    long group = processGroup();
    Process kill = new ProcessBuilder("kill", "-" + signal, "--", "-" + group)
        .redirectErrorStream(true).start();
    String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (kill.waitFor() != 0) {
      throw new IOException("kill -" + signal + " -" + group + " failed: " + output);
    }
  }

  /** The next line of stdout, or null once the child closed it. */
  public String readLine() throws IOException {
    return stdout.readLine();
  }

  /** Closes the child's stdin: the helpers take that as "finish now". */
  public void closeStdin() throws IOException {
    process.getOutputStream().close();
  }

  /** Waits for the child to exit by itself and returns its exit code. */
  public int awaitExit() throws InterruptedException {
    if (!process.waitFor(MAX_WAIT_SECONDS, TimeUnit.SECONDS)) {
      throw new AssertionError("child " + process.pid() + " did not exit");
    }
    return process.exitValue();
  }

  /**
   * Kills the child with SIGKILL (no cleanup, no lock release, no flush, as after a crash) and
   * waits until it is gone. Processes it left running detached (a local sweep's trials) stay.
   */
  public void kill() {
    process.destroyForcibly();
    boolean interrupted = false;
    while (true) {
      try {
        process.waitFor();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // keep waiting: the child must be gone before the test returns
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    kill();
  }
}
