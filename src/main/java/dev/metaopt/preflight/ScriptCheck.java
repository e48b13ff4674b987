package dev.metaopt.preflight;

import dev.metaopt.backend.CommandLine;
import dev.metaopt.campaign.DidYouMean;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The script a command hands to an interpreter ({@code python3 trian.py} names
 * {@code trian.py}), which must exist in the project directory where trials run: otherwise every
 * trial fails the same way and preflight is the cheapest place to say so. Only tokens that look
 * like a file (a path separator or a script extension) are checked, so an option's value is
 * never mistaken for a script.
 */
final class ScriptCheck {
  private static final Pattern INTERPRETER = Pattern.compile(
      "python[0-9.]*|bash|sh|zsh|node|Rscript|ruby|perl|julia|java|torchrun|deepspeed");
  private static final Pattern SCRIPT = Pattern.compile(
      ".*/.*|.*\\.(py|sh|js|mjs|cjs|ts|R|r|rb|pl|jl|java|jar)");
  /** Options after which the interpreter runs no script file. */
  private static final Set<String> NO_SCRIPT = Set.of("-m", "-c", "-e", "--eval");
  /** Options whose next word is their value, not the script. */
  private static final Set<String> TAKES_VALUE = Set.of("-cp", "-classpath", "--class-path",
      "-W", "-X");

  private ScriptCheck() {}

  /** The script {@code commandLine} runs, if it names one. */
  static Optional<String> script(String commandLine) {
    List<String> words = CommandLine.split(commandLine);
    int i = 0;
    if (i < words.size() && Path.of(words.get(i)).getFileName().toString().equals("env")) {
      i++;
    }
    if (i >= words.size() || !INTERPRETER.matcher(
        Path.of(words.get(i)).getFileName().toString()).matches()) {
      return Optional.empty();
    }
    for (i++; i < words.size(); i++) {
      String word = words.get(i);
      if (NO_SCRIPT.contains(word)) {
        return Optional.empty();
      }
      if (TAKES_VALUE.contains(word)) {
        i++;
      } else if (!word.startsWith("-") && !word.matches("[0-9.]+")) { // "2": an option's value
        return SCRIPT.matcher(word).matches() ? Optional.of(word) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** A failed check when the script {@code commandLine} names is missing; empty otherwise. */
  static Optional<CheckResult> check(String field, String commandLine, Path projectDir) {
    Optional<String> script = script(commandLine);
    if (script.isEmpty()) {
      return Optional.empty();
    }
    Path file = projectDir.resolve(script.get()).normalize();
    if (Files.isRegularFile(file)) {
      return Optional.empty();
    }
    String hint = similar(file).map(name -> "did you mean '" + name + "'? ").orElse("");
    return Optional.of(CheckResult.failed("project." + field, "'" + commandLine + "' runs the"
        + " script " + script.get() + ", but " + file + " does not exist (trials run in "
        + projectDir + ")", hint + "fix project." + field + " or create the script"));
  }

  private static Optional<String> similar(Path missing) {
    Path dir = missing.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<String> names = files.filter(Files::isRegularFile)
          .map(p -> p.getFileName().toString()).toList();
      return DidYouMean.closest(missing.getFileName().toString(), names);
    } catch (IOException e) {
      return Optional.empty(); // an unreadable directory offers no suggestion
    }
  }
}
