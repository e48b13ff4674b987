package dev.metaopt.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.MetaoptException;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.results.BestRun;
import dev.metaopt.results.CampaignFacts;
import dev.metaopt.results.CampaignTrials;
import dev.metaopt.results.ParameterImportance;
import dev.metaopt.results.RepeatedConfiguration;
import dev.metaopt.results.TrialRow;
import java.util.List;
import java.util.Optional;

/**
 * Everything a report shows, read once from the campaign's files: the state, the trials as
 * recorded (no network), each iteration's story, the importance ranking and the best run. A
 * trial table that cannot be read leaves the rest of the report intact, with the reason.
 *
 * @param layout the project
 * @param state the campaign state
 * @param facts the campaign's settings
 * @param trials every trial, empty when they could not be read
 * @param trialsProblem why the trials could not be read, or null
 * @param stories what each iteration did and why
 * @param importance the campaign-wide importance ranking, when there are enough trials
 * @param best the best trial and how to rerun it
 * @param repeated the configurations that ran more than once, in the order reports list them
 */
record ReportModel(ProjectLayout layout, ObjectNode state, CampaignFacts facts,
    List<TrialRow> trials, String trialsProblem, List<IterationStory> stories,
    Optional<ParameterImportance.Ranking> importance, Optional<BestRun> best,
    List<RepeatedConfiguration> repeated) {

  static ReportModel of(ProjectLayout layout, ObjectNode state) {
    List<IterationStory> stories = IterationStory.all(layout, state);
    try {
      CampaignTrials trials = CampaignTrials.recorded(layout, state);
      return new ReportModel(layout, state, trials.facts(), trials.rows(), null, stories,
          ParameterImportance.of(trials), BestRun.of(trials),
          Caveats.ordered(RepeatedConfiguration.of(trials.rows()), trials.facts().maximize()));
    } catch (MetaoptException e) {
      return new ReportModel(layout, state, CampaignFacts.of(layout, state), List.of(),
          e.getMessage(), stories, Optional.empty(), Optional.empty(), List.of());
    }
  }

  /** The trials of iteration {@code n}. */
  List<TrialRow> trials(int n) {
    return trials.stream().filter(r -> r.iteration() != null && r.iteration() == n).toList();
  }

  /** {@code val/loss (lower is better)}. */
  String objective() {
    return facts.metric() + (facts.maximize() ? " (higher is better)" : " (lower is better)");
  }

  /** The stop reason in words, from the last iteration record, or null. */
  String stopReason() {
    var records = state.path("completed_iterations");
    String code = records.isEmpty() ? null
        : records.get(records.size() - 1).path("stop_reason").asText(null);
    if (code == null) {
      return null;
    }
    return switch (code) {
      case "target_metric" -> "the target value of " + facts.metric()
          + " (stop_conditions.target_metric) was reached";
      case "max_iterations" -> "the iteration limit (stop_conditions.max_iterations) was reached";
      case "max_no_improve_iterations" -> "too many iterations in a row did not improve on the"
          + " best (stop_conditions.max_no_improve_iterations)";
      case "budget_exhausted" -> "the budget (compute.max_budget_usd) was spent";
      default -> code;
    };
  }
}
