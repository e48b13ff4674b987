package dev.metaopt.agent;

import dev.metaopt.io.ProjectLayout;
import dev.metaopt.results.ShellLine;
import dev.metaopt.stats.HumanNumber;
import java.nio.file.Path;
import java.util.List;

/**
 * The exact commands a terminal message ends with, absolute paths included, so a person (or an
 * agent) can copy them from wherever they stand: retry after a fix, or run again after raising a
 * limit.
 */
public final class Recipes {
  private Recipes() {}

  /** {@code metaopt resume --retry -C <dir>}: re-enters a FAILED or BLOCKED_PROTOCOL campaign. */
  public static String retry(ProjectLayout layout) {
    return "metaopt resume --retry -C "
        + ShellLine.quote(layout.projectDir().toAbsolutePath().normalize().toString());
  }

  /** {@code metaopt run <campaign>}: picks up a changed campaign file. */
  public static String run(Path campaign) {
    return "metaopt run " + ShellLine.quote(campaign.toString());
  }

  /**
   * Starting a campaign over from its file: {@code .ml-metaopt/} moved aside (kept, not deleted),
   * then preflight and run.
   */
  static String startOver(ProjectLayout layout, Path campaign) {
    String dir = layout.metaoptDir().toAbsolutePath().normalize().toString();
    return "mv " + ShellLine.quote(dir) + " " + ShellLine.quote(dir + ".old")
        + " && metaopt preflight " + ShellLine.quote(campaign.toString()) + " && "
        + run(campaign);
  }

  /** The end of a FAILED campaign's message: how to go on once the cause is fixed. */
  static String afterFix(AgentContext ctx) {
    return "then retry with '" + retry(ctx.layout()) + "' (the selected sweep is smoke-tested"
        + " again, then launched as a new sweep; history, baseline and learnings are kept and"
        + " preflight need not run again)";
  }

  /**
   * A budget stop's message: what was spent against the limit, what the stop did ({@code
   * stopped}, may be empty), where to raise the limit and what to run then.
   */
  static String budgetExceeded(AgentContext ctx, double spent, double limit, String stopped) {
    return "Budget cap exceeded: " + HumanNumber.cents(spent) + " USD spent of "
        + HumanNumber.cents(limit) + " USD limit; " + (stopped.isEmpty() ? "" : stopped + "; ")
        + afterBudgetRaised(ctx);
  }

  /** The end of a budget stop's message: where to raise the limit and what to run then. */
  private static String afterBudgetRaised(AgentContext ctx) {
    Path campaign = campaignFile(ctx);
    return "raise compute.max_budget_usd in " + campaign + ", then '" + run(campaign)
        + "' (the campaign reopens where the budget stopped it; history, baseline and learnings"
        + " are kept and preflight need not run again)";
  }

  /**
   * The end of a COMPLETE campaign's message: its report, and what to change in the campaign
   * file for it to go on: every stop condition in {@code holding}, since any one left keeps it
   * stopped.
   */
  static String afterComplete(AgentContext ctx, List<String> holding) {
    Path campaign = campaignFile(ctx);
    return "read " + ctx.layout().metaoptDir().toAbsolutePath().normalize()
        .resolve("final_report.md") + "; to go on, " + liftingEach(holding) + " in " + campaign
        + ", then '" + run(campaign) + "' (the next iteration opens; history is kept)";
  }

  /** What lifts every stop condition of {@code holding}, since any one left keeps it stopped. */
  static String liftingEach(List<String> holding) {
    return String.join(", and ", holding.stream().map(Recipes::lifting).toList())
        + (holding.size() > 1 ? " (each of these stops it now)" : "");
  }

  /** What lifts one stop condition. */
  private static String lifting(String condition) {
    return switch (condition) {
      case StopConditions.SPACE_EXHAUSTED -> "widen search_space (every configuration of it has"
          + " been measured) or raise compute.max_runs_per_config to measure configurations again";
      case StopConditions.TARGET -> "move stop_conditions." + condition;
      case StopConditions.BUDGET -> "raise compute.max_budget_usd above the spend";
      default -> "raise stop_conditions." + condition;
    };
  }

  /** The campaign file of this session, absolute. */
  static Path campaignFile(AgentContext ctx) {
    if (ctx.campaignPath() != null) {
      return ctx.campaignPath().toAbsolutePath().normalize();
    }
    return ctx.layout().projectDir().resolve("ml_metaopt_campaign.yaml").toAbsolutePath()
        .normalize();
  }
}
