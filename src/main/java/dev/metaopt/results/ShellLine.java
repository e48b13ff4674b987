package dev.metaopt.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A command shown to a person as one line to paste into a POSIX shell: every argument that is
 * not plainly safe is single-quoted. The one quoting rule for every printed command (the
 * reproduction of {@code metaopt best}, the recipes terminal messages end with, the resume command
 * of an interruption). For display only: metaopt itself never runs a shell string.
 */
public final class ShellLine {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./=:,+@%^-]+");

  private ShellLine() {}

  /**
   * {@code cd DIR && /bin/sh -c SETUP && env K=V … argv…}, without the setup part when there is
   * none. The setup runs as metaopt runs {@code project.setup_command}: its own {@code /bin/sh -c}
   * in the same directory, so whatever it holds ({@code cd}, {@code ;}, {@code ||}, {@code exit})
   * cannot change where or whether the command runs, and a failed setup stops the line.
   */
  public static String of(String workingDir, Optional<String> setup,
      Map<String, String> environment, List<String> argv) {
    List<String> words = new ArrayList<>();
    setup.ifPresent(command -> words.addAll(List.of("/bin/sh", "-c", quote(command), "&&")));
    if (!environment.isEmpty()) {
      words.add("env");
      environment.forEach((k, v) -> words.add(quote(k + "=" + v)));
    }
    argv.forEach(a -> words.add(quote(a)));
    return "cd " + quote(workingDir) + " && " + String.join(" ", words);
  }

  /** One argument, quoted when it holds anything a shell would interpret. */
  public static String quote(String word) {
    if (!word.isEmpty() && SAFE.matcher(word).matches()) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
