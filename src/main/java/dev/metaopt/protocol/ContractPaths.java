package dev.metaopt.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The contract paths of every task and result file, relative to the project directory. Names
 * carry the iteration and its {@link Attempt} (and the campaign-wide slot or poll number) so no
 * file is ever reused for different work: a result on disk always belongs to exactly one
 * dispatch.
 */
public final class ContractPaths {
  private static final String TASKS = ".ml-metaopt/tasks/";
  private static final String RESULTS = ".ml-metaopt/worker-results/";
  private static final String EVENTS = ".ml-metaopt/executor-events/";
  private static final Pattern LAUNCH =
      Pattern.compile("launch-sweep-iter-([1-9]\\d{0,8})(?:-retry-([1-9]\\d{0,8}))?\\.json");

  private ContractPaths() {}

  public static String ideationTask(String slotId) {
    return TASKS + slotId + ".md";
  }

  public static String ideationResult(String slotId) {
    return RESULTS + slotId + ".json";
  }

  public static String selectionTask(int iteration) {
    return selectionTask(Attempt.first(iteration));
  }

  public static String selectionTask(Attempt attempt) {
    return TASKS + "select-design-" + attempt.tag() + ".md";
  }

  public static String selectionResult(int iteration) {
    return selectionResult(Attempt.first(iteration));
  }

  public static String selectionResult(Attempt attempt) {
    return RESULTS + "select-design-" + attempt.tag() + ".json";
  }

  public static String smokeResult(int iteration) {
    return smokeResult(Attempt.first(iteration));
  }

  public static String smokeResult(Attempt attempt) {
    return EVENTS + "smoke-test-" + attempt.tag() + ".json";
  }

  public static String launchResult(int iteration) {
    return launchResult(Attempt.first(iteration));
  }

  public static String launchResult(Attempt attempt) {
    return RESULTS + "launch-sweep-" + attempt.tag() + ".json";
  }

  public static String pollResult(int iteration, int poll) {
    return pollResult(Attempt.first(iteration), poll);
  }

  public static String pollResult(Attempt attempt, int poll) {
    return EVENTS + pollPrefix(attempt) + poll + ".json";
  }

  /** The file-name prefix of an attempt's poll results, followed by the poll number. */
  public static String pollPrefix(Attempt attempt) {
    return "poll-sweep-" + attempt.tag() + "-";
  }

  /** The poll number of {@code fileName} if it is one of {@code attempt}'s poll results. */
  public static OptionalInt pollNumber(Attempt attempt, String fileName) {
    String prefix = pollPrefix(attempt);
    if (!fileName.startsWith(prefix) || !fileName.endsWith(".json")) {
      return OptionalInt.empty();
    }
    String number = fileName.substring(prefix.length(), fileName.length() - ".json".length());
    // "poll-sweep-iter-1-" also starts "poll-sweep-iter-1-retry-2-3.json": digits only
    return number.matches("\\d{1,9}") ? OptionalInt.of(Integer.parseInt(number))
        : OptionalInt.empty();
  }

  /**
   * The number of {@code attempt}'s last poll result under {@code projectDir}, or 0 when it has
   * none. Only the last is kept on disk (each poll supersedes the one before), so it is found by
   * listing, never by counting up from 1.
   */
  public static int lastPoll(Path projectDir, Attempt attempt) {
    Path dir = projectDir.resolve(EVENTS);
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> pollNumber(attempt, f.getFileName().toString()))
          .filter(OptionalInt::isPresent).mapToInt(OptionalInt::getAsInt).max().orElse(0);
    } catch (IOException | UncheckedIOException e) {
      return 0; // unreadable directory: as if nothing had been polled
    }
  }

  /** The attempt whose launch result {@code fileName} is (a name under worker-results/). */
  public static Optional<Attempt> launchAttempt(String fileName) {
    Matcher m = LAUNCH.matcher(fileName);
    return m.matches() ? Optional.of(new Attempt(Integer.parseInt(m.group(1)),
        m.group(2) == null ? 0 : Integer.parseInt(m.group(2)))) : Optional.empty();
  }

  public static String stopResult(int iteration) {
    return stopResult(Attempt.first(iteration));
  }

  public static String stopResult(Attempt attempt) {
    return EVENTS + "stop-sweep-" + attempt.tag() + ".json";
  }

  public static String analysisTask(int iteration) {
    return analysisTask(Attempt.first(iteration));
  }

  public static String analysisTask(Attempt attempt) {
    return TASKS + "sweep-analysis-" + attempt.tag() + ".md";
  }

  public static String analysisResult(int iteration) {
    return analysisResult(Attempt.first(iteration));
  }

  public static String analysisResult(Attempt attempt) {
    return RESULTS + "sweep-analysis-" + attempt.tag() + ".json";
  }

  public static String rollover(int iteration) {
    return RESULTS + "rollover-iter-" + iteration + ".json";
  }

  public static String rolloverNote(int iteration) {
    return TASKS + "rollover-iter-" + iteration + ".md";
  }
}
