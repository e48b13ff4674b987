package dev.metaopt.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs metaopt in a separate JVM (so it can be killed with SIGKILL) and ends it by PID. */
final class ChildProcesses {
  private ChildProcesses() {}

  static Process metaopt(String... args) throws IOException {
    return metaopt(List.of(), args);
  }

  /** With extra JVM options, e.g. {@code -Dmetaopt.crashAfter=N}. */
  static Process metaopt(List<String> jvmOptions, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.metaopt.cli.Main");
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  /** SIGKILL, then wait. Its detached trials are left running, exactly as after a real crash. */
  static void kill(Process process) throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }
}
