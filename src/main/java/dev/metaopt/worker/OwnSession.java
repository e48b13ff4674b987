package dev.metaopt.worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Starts a child process in a session of its own ({@code setsid}), outside the terminal's
 * foreground process group. A terminal's Ctrl-C is SIGINT to that whole group: it must reach
 * metaopt alone, which then decides what stops — a trial never does, a worker ends with its
 * step. {@code setsid} execs the command in place (a child of the JVM is never a process group
 * leader, so it does not fork): the pid metaopt holds is the command's own.
 */
public final class OwnSession {
  /** util-linux's {@code setsid}, part of every Debian system (essential package). */
  private static final Optional<Path> SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid")
      .map(Path::of).filter(Files::isExecutable).findFirst();

  private OwnSession() {}

  /** {@code argv} prefixed with {@code setsid}; unchanged where there is no setsid. */
  public static List<String> argv(List<String> argv) {
    if (SETSID.isEmpty()) {
      return argv;
    }
    List<String> command = new ArrayList<>(argv.size() + 1);
    command.add(SETSID.get().toString());
    command.addAll(argv);
    return command;
  }
}
