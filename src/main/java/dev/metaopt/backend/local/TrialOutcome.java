package dev.metaopt.backend.local;

import dev.metaopt.backend.ErrorLine;
import dev.metaopt.protocol.TrialState;

/**
 * How an ended trial is recorded: its state, the reason in a word or two, and the evidence a
 * person needs to fix it without opening a log: the trial's own last error line, or, when it ran
 * cleanly but never logged the objective, the metric names it did log (a typo shows at once).
 */
final class TrialOutcome {
  private TrialOutcome() {}

  static void end(SweepRecord.Trial trial, TrialProcess.TrialFiles files, MetricLog metrics,
      int exit, String metric, long now) {
    trial.endedMillis = now;
    double last = metrics.last();
    if (metrics.nonFinite() != null) {
      trial.state = TrialState.KILLED;
      trial.reason = "nan";
      trial.error = metrics.nonFinite();
    } else if (exit != 0) {
      trial.state = TrialState.FAILED;
      trial.reason = "exit code " + exit;
      trial.error = ErrorLine.ofFile(files.stderr())
          .or(() -> ErrorLine.ofFile(files.stdout())).orElse(null);
    } else if (!Double.isFinite(last)) {
      trial.state = TrialState.FAILED;
      trial.reason = "no " + metric + " logged";
      trial.error = loggedInstead(metrics, metric);
    } else {
      trial.state = TrialState.FINISHED;
      trial.metric = last;
    }
  }

  /** What a trial logged when the objective metric was not among it. */
  static String loggedInstead(MetricLog metrics, String metric) {
    if (metrics.notANumber() != null) {
      return "it logged " + metric + " as " + metrics.notANumber() + ", which is not a number"
          + " (log the value itself, e.g. float(value) in Python)";
    }
    if (metrics.pythonDict() != null) {
      return "it printed " + abbreviated(metrics.pythonDict()) + ", a Python dict, which is not"
          + " JSON (print json.dumps(logs) instead, or log to W&B)";
    }
    return metrics.names().isEmpty() ? "it logged no metric at all"
        : "it logged " + String.join(", ", metrics.names());
  }

  /** The line, or its entries up to the last that ends within 80 characters, then "…}". */
  private static String abbreviated(String line) {
    int cut = line.lastIndexOf(", ", 80);
    return line.length() <= 80 || cut < 0 ? line : line.substring(0, cut) + ", …}";
  }
}
