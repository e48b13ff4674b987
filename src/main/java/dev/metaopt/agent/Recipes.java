package dev.metaopt.agent;

import dev.metaopt.io.ProjectLayout;
import dev.metaopt.results.ShellLine;

/**
 * The exact commands a terminal message ends with, absolute paths included, so a person (or an
 * agent) can copy them from wherever they stand.
 */
public final class Recipes {
  private Recipes() {}

  /** {@code metaopt resume --retry -C <dir>}: re-enters a FAILED campaign at its smoke test. */
  public static String retry(ProjectLayout layout) {
    return "metaopt resume --retry -C "
        + ShellLine.quote(layout.projectDir().toAbsolutePath().normalize().toString());
  }

  /** The end of a FAILED campaign's message: how to go on once the cause is fixed. */
  static String afterFix(AgentContext ctx) {
    return "then retry with '" + retry(ctx.layout()) + "' (the selected sweep is smoke-tested"
        + " again, then launched as a new sweep; history, baseline and learnings are kept and"
        + " preflight need not run again)";
  }
}
