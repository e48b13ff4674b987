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

  /**
   * Runs metaopt as a person's terminal runs a foreground job: in a process group of its own
   * (started by {@code setsid}, so its pid is the group id), output kept in files.
   */
  static Process inOwnProcessGroup(Path stdout, Path stderr, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("setsid"));
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.metaopt.cli.Main");
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile()).start();
  }

  /** The process group of a live process (field 5 of {@code /proc/<pid>/stat}). */
  static long processGroup(long pid) throws IOException {
    String stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    // the command name (field 2) is in parentheses and may hold spaces: count after it
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[2]);
  }

  /** Sends {@code signal} to every process of a group, as a terminal does on Ctrl-C. */
  static void signalGroup(String signal, long group) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, "--", "-" + group)
        .redirectErrorStream(true).start();
    String output = new String(kill.getInputStream().readAllBytes());
    if (kill.waitFor() != 0) {
      throw new IOException("kill -" + signal + " -" + group + " failed: " + output);
    }
  }

  /** SIGKILL, then wait. Its detached trials are left running, exactly as after a real crash. */
  static void kill(Process process) throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }
}
