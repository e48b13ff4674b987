package dev.metaopt.state;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test helper main class running in its own JVM on the test classpath. Closing it kills the
 * process forcibly and waits for it, so a test never leaves a child behind.
 */
final class ChildJvm implements AutoCloseable {
  /** A generous bound so a broken child fails the test instead of hanging the build. */
  private static final long MAX_WAIT_SECONDS = 120;

  private final Process process;
  private final BufferedReader stdout;

  private ChildJvm(Process process) {
    this.process = process;
    this.stdout = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** Starts {@code main} with {@code args}; its stderr goes to {@code stderrFile}. */
  static ChildJvm start(Class<?> main, Path stderrFile, String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    try {
      return new ChildJvm(new ProcessBuilder(command)
          .redirectError(stderrFile.toFile())
          .start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Process process() {
    return process;
  }

  /** The next line of stdout, or null once the child closed it. */
  String readLine() throws IOException {
    return stdout.readLine();
  }

  /** Closes the child's stdin: the helpers take that as "finish now". */
  void closeStdin() throws IOException {
    process.getOutputStream().close();
  }

  /** Waits for the child to exit by itself and returns its exit code. */
  int awaitExit() throws InterruptedException {
    if (!process.waitFor(MAX_WAIT_SECONDS, TimeUnit.SECONDS)) {
      throw new AssertionError("child " + process.pid() + " did not exit");
    }
    return process.exitValue();
  }

  /** Kills the child forcibly (it may hold a lock or be mid-write) and waits until it is gone. */
  void kill() {
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
