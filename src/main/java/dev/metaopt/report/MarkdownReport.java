package dev.metaopt.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.backend.TrialRecord;
import dev.metaopt.results.BestRun;
import dev.metaopt.results.ParameterImportance;
import dev.metaopt.results.TrialRow;
import dev.metaopt.results.TrialTables;
import dev.metaopt.stats.HumanNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Markdown reports: numbers rounded for people (full precision stays in the JSON files and
 * {@code metaopt trials --json}), "better" spelled out for the objective's direction, each
 * iteration's space, rationale and learnings under its own heading, and every trial listed (or a
 * pointer to {@code metaopt trials --csv} when there are many).
 */
final class MarkdownReport {
  /** More trials than this are not listed in the report itself. */
  static final int MAX_LISTED_TRIALS = 40;

  private MarkdownReport() {}

  static String finalReport(ReportModel m) {
    StringBuilder md = new StringBuilder();
    md.append("# Final report — ").append(m.facts().name()).append("\n\n");
    String status = m.state().path("status").asText();
    md.append("- Status: **").append(status).append("**");
    if (m.stopReason() != null) {
      md.append(": stopped because ").append(m.stopReason());
    } else if (!status.equals("COMPLETE")) {
      md.append(": ").append(m.state().path("next_action").asText(""));
    }
    md.append('\n');
    md.append("- Objective: ").append(m.facts().direction()).append(' ').append(m.objective())
        .append("; an iteration improves on the best when it beats it by more than ")
        .append(m.state().path("objective_snapshot").path("improvement_threshold").asText())
        .append('\n');
    long failed = m.trials().stream().filter(r -> r.trial().endedWithoutResult()).count();
    md.append("- Iterations completed: ").append(m.state().path("completed_iterations").size())
        .append("; trials: ").append(m.trials().size()).append(" (").append(failed)
        .append(" without a result)\n");
    md.append("- Total spend: ").append(usd(Reports.totalSpend(m.state()))).append(" USD");
    if (m.facts().budgetUsd() != null) {
      md.append(" of a ").append(usd(m.facts().budgetUsd())).append(" USD budget");
    }
    md.append("\n- Charts: `final_report.html` beside this file (opens offline in any browser)\n\n");
    best(md, m);
    iterations(md, m, m.stories());
    importance(md, m);
    MarkdownCaveats.noise(md, m);
    trials(md, m, m.trials());
    md.append("## What next\n\n").append(nextForFinal(m, status)).append('\n');
    MarkdownCaveats.boundsOfTheBest(md, m);
    return md.toString();
  }

  static String iterationReport(ReportModel m, int n) {
    StringBuilder md = new StringBuilder();
    md.append("# Iteration ").append(n).append(" — ").append(m.facts().name()).append("\n\n");
    md.append("Objective: ").append(m.facts().direction()).append(' ').append(m.objective())
        .append(". Charts: `iteration-").append(n).append(".html` beside this file.\n\n");
    iterations(md, m, m.stories().stream().filter(s -> s.iteration() == n).toList());
    trials(md, m, m.trials(n));
    md.append("## What next\n\n");
    String machine = m.state().path("machine_state").asText();
    if (List.of("COMPLETE", "BLOCKED_CONFIG", "BLOCKED_PROTOCOL", "FAILED").contains(machine)) {
      md.append("The campaign ended (").append(machine).append(")")
          .append(m.stopReason() == null ? "" : ": " + m.stopReason())
          .append(". See `final_report.md`.\n");
    } else {
      md.append("metaopt now proposes search spaces for iteration ").append(n + 1)
          .append(" from everything measured so far, picks one, and runs it.\n");
    }
    return md.toString();
  }

  private static void best(StringBuilder md, ReportModel m) {
    md.append("## Best run\n\n");
    if (m.best().isEmpty()) {
      md.append("No trial finished with a ").append(m.facts().metric())
          .append(" value, so there is no best run.\n\n");
      return;
    }
    BestRun best = m.best().get();
    TrialRecord t = best.row().trial();
    md.append("| field | value |\n|---|---|\n");
    md.append("| ").append(m.facts().metric()).append(" | ")
        .append(HumanNumber.format(t.objective())).append(" |\n");
    md.append("| iteration | ").append(best.row().iteration()).append(" |\n");
    md.append("| run | ").append(t.runId()).append(" |\n");
    if (t.url() != null) {
      md.append("| run page | ").append(t.url()).append(" |\n");
    }
    t.config().forEach((k, v) -> md.append("| ").append(k).append(" | ")
        .append(TrialTables.human(v)).append(" |\n"));
    md.append('\n');
    MarkdownCaveats.repeatsOfTheBest(md, m);
    best.shellLine().ifPresent(line -> md.append("Rerun it exactly (full-precision values;"
        + " `metaopt best --json` gives the argv):\n\n```sh\n").append(line).append("\n```\n\n"));
  }

  private static void iterations(StringBuilder md, ReportModel m, List<IterationStory> stories) {
    md.append("## Iterations\n\n");
    if (stories.isEmpty()) {
      md.append("No iteration ran a sweep.\n\n");
    }
    for (IterationStory s : stories) {
      JsonNode r = s.record();
      List<TrialRow> rows = m.trials(s.iteration());
      long finished = rows.stream().filter(x -> x.trial().hasResult()).count();
      md.append("### Iteration ").append(s.iteration());
      if (s.proposalId() != null) {
        md.append(" — ").append(s.proposalId());
      }
      md.append("\n\n");
      md.append("- Sweep: ").append(r.path("sweep_id").asText("—")).append(", ")
          .append(s.method() == null ? "" : s.method() + " search, ").append(rows.size())
          .append(" trials (").append(finished).append(" with a result)\n");
      if (r.path("best_metric_value").isNumber()) {
        md.append("- Best ").append(m.facts().metric()).append(": ")
            .append(HumanNumber.format(r.path("best_metric_value").asDouble()))
            .append(r.path("improved_baseline").asBoolean() ? " — improved on the best so far"
                : " — did not improve on the best so far")
            .append(" (run ").append(r.path("best_run_id").asText()).append(")\n");
      }
      md.append("- Spend: ").append(usd(r.path("spend_usd").asDouble(0))).append(" USD\n");
      if (s.ideationRationale() != null) {
        md.append("- Why this space (ideation): ").append(s.ideationRationale()).append('\n');
      }
      if (s.selectionRationale() != null) {
        md.append("- Why it was chosen (selection): ").append(s.selectionRationale())
            .append('\n');
      }
      List<String> space = new ArrayList<>();
      s.parameters().fields().forEachRemaining(e -> space.add(e.getKey() + " "
          + SpaceText.of(e.getValue())));
      if (!space.isEmpty()) {
        md.append("- Search space: ").append(String.join(" · ", space)).append('\n');
      }
      if (!s.learnings().isEmpty()) {
        md.append("- What iteration ").append(s.iteration()).append(" showed:\n");
        s.learnings().forEach(l -> md.append("  - ").append(l).append('\n'));
      }
      md.append('\n');
    }
  }

  private static void importance(StringBuilder md, ReportModel m) {
    md.append("## Which parameters mattered (all iterations)\n\n");
    if (m.importance().isEmpty()) {
      md.append("Not enough finished trials (at least ").append(ParameterImportance.MIN_TRIALS)
          .append(") to rank parameters.\n\n");
      return;
    }
    ParameterImportance.Ranking ranking = m.importance().get();
    md.append("fANOVA on a random forest over ").append(ranking.trials())
        .append(" finished trials: the share of the variance of ").append(m.facts().metric())
        .append(" each parameter explains on its own (see docs/results.md).\n\n")
        .append("| parameter | share |\n|---|---|\n");
    ranking.entries().forEach(e -> md.append("| ").append(e.name()).append(" | ")
        .append(percent(e.mainEffect())).append(" |\n"));
    md.append("| (interactions and noise) | ").append(percent(ranking.interactions()))
        .append(" |\n\n");
  }

  private static void trials(StringBuilder md, ReportModel m, List<TrialRow> rows) {
    md.append("## All trials\n\n");
    if (m.trialsProblem() != null) {
      md.append("The trial table could not be read: ").append(m.trialsProblem()).append("\n\n");
      return;
    }
    if (rows.size() > MAX_LISTED_TRIALS) {
      md.append(rows.size()).append(" trials: list them with `metaopt trials` (or `--csv`"
          + " for a spreadsheet).\n\n");
      return;
    }
    List<String> params = new ArrayList<>();
    rows.forEach(r -> r.trial().config().keySet().stream().filter(k -> !params.contains(k))
        .forEach(params::add));
    md.append("| iter | run | state | ").append(m.facts().metric());
    params.forEach(p -> md.append(" | ").append(p));
    md.append(" | time | why it ended |\n|");
    md.append("---|".repeat(6 + params.size())).append('\n');
    for (TrialRow row : rows) {
      TrialRecord t = row.trial();
      md.append("| ").append(row.iteration() == null ? "?" : row.iteration()).append(" | ")
          .append(t.runId()).append(" | ").append(t.state()).append(" | ")
          .append(HumanNumber.format(t.objective()));
      params.forEach(p -> md.append(" | ").append(TrialTables.human(t.config().get(p))));
      md.append(" | ").append(t.duration() == null ? "—"
          : HumanNumber.format(t.duration().toMillis() / 1000.0) + " s");
      String why = t.reason() == null ? "" : t.reason()
          + (t.errorLine() == null ? "" : ": `" + t.errorLine().replace("`", "'") + "`");
      md.append(" | ").append(why.replace("|", "\\|")).append(" |\n");
    }
    md.append('\n');
  }

  private static String nextForFinal(ReportModel m, String status) {
    if (status.equals("COMPLETE")) {
      return "The campaign is complete. `metaopt best` prints the exact command that reruns"
          + " the best configuration; `metaopt trials --csv` lists every trial for a"
          + " spreadsheet or pandas.";
    }
    return m.state().path("next_action").asText("");
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  private static String usd(double amount) {
    return HumanNumber.cents(amount);
  }
}
