package dev.metaopt.protocol;

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
