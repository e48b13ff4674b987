package dev.metaopt.protocol;

/**
 * The contract paths of every task and result file, relative to the project directory. Names
 * carry the iteration (and the campaign-wide slot or poll number) so no file is ever reused for
 * different work: a result on disk always belongs to exactly one dispatch.
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
    return TASKS + "select-design-iter-" + iteration + ".md";
  }

  public static String selectionResult(int iteration) {
    return RESULTS + "select-design-iter-" + iteration + ".json";
  }

  public static String smokeResult(int iteration) {
    return EVENTS + "smoke-test-iter-" + iteration + ".json";
  }

  public static String launchResult(int iteration) {
    return RESULTS + "launch-sweep-iter-" + iteration + ".json";
  }

  public static String pollResult(int iteration, int poll) {
    return EVENTS + "poll-sweep-iter-" + iteration + "-" + poll + ".json";
  }

  public static String stopResult(int iteration) {
    return EVENTS + "stop-sweep-iter-" + iteration + ".json";
  }

  public static String analysisTask(int iteration) {
    return TASKS + "sweep-analysis-iter-" + iteration + ".md";
  }

  public static String analysisResult(int iteration) {
    return RESULTS + "sweep-analysis-iter-" + iteration + ".json";
  }

  public static String rollover(int iteration) {
    return RESULTS + "rollover-iter-" + iteration + ".json";
  }

  public static String rolloverNote(int iteration) {
    return TASKS + "rollover-iter-" + iteration + ".md";
  }
}
