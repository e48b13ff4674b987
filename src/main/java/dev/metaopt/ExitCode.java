package dev.metaopt;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every exit code metaopt returns, in one place: {@code --help} lists them from here and the
 * README and SKILL.md tables are generated from here ({@code ExitCodeDocTest} fails when a copy
 * is stale).
 *
 * <p>0, 1 and 2 keep picocli's meaning; domain outcomes start at 3. Shell-reserved codes (126,
 * 127, 128+N) are never used.
 */
public enum ExitCode {
  OK(0, "success; for `run`/`resume`, the campaign reached `COMPLETE`",
      "read `.ml-metaopt/final_report.md`"),
  SOFTWARE(1, "internal error (a bug): re-run with `--verbose` and report it",
      "report the `--verbose` output; do not edit `.ml-metaopt/` by hand"),
  USAGE(2, "invalid command line", "fix the arguments (`metaopt <command> --help`)"),
  FAILED(3, "the campaign ended `FAILED` (smoke test, launch or sweep failure)",
      "read `next_action` from `metaopt status --json`; fix the training code, then"
          + " `metaopt resume --retry -C DIR` (history kept, no new preflight)"),
  PROTOCOL(4, "the campaign ended `BLOCKED_PROTOCOL` (a worker or agent broke its contract)",
      "read `next_action` and `last_error`; fix the worker, then the command `next_action`"
          + " ends with (`metaopt resume --retry -C DIR`, history kept, no new preflight)"),
  PAUSED(5, "stopped before a terminal state (`--max-steps`); `metaopt resume` continues",
      "call `metaopt resume` again"),
  INVALID_INPUT(6, "an input file is invalid or unreadable; nothing was changed",
      "fix the file named in the message (`metaopt validate FILE` lists every problem)"),
  BLOCKED_CONFIG(7, "the campaign ended `BLOCKED_CONFIG` (configuration, preflight, identity or"
      + " budget)", "run `metaopt preflight`, or follow `next_action` (a budget stop: raise"
      + " `compute.max_budget_usd` in the campaign file, then `metaopt run` it: it goes on)"),
  LOCKED(8, "another metaopt process holds this project's lock",
      "wait; do not delete `.ml-metaopt/lock` while its pid is alive"),
  IO_ERROR(9, "file system error (permission, read-only, disk full); state is intact",
      "free space or fix permissions, then repeat the command"),
  INTERRUPTED(10, "stopped by Ctrl-C or SIGTERM; the state is saved and local trials keep"
      + " running", "run the `metaopt resume -C DIR` it printed; it collects the trials");

  private final int code;
  private final String meaning;
  private final String action;

  ExitCode(int code, String meaning, String action) {
    this.code = code;
    this.meaning = meaning;
    this.action = action;
  }

  /** The numeric process exit status. */
  public int code() {
    return code;
  }

  /** What the code means, in Markdown (backticks around names). */
  public String meaning() {
    return meaning;
  }

  /** What a script or an AI agent driving metaopt should do next, in Markdown. */
  public String action() {
    return action;
  }

  /** The list for {@code --help}: code to plain-text meaning, in code order. */
  public static Map<String, String> helpList() {
    Map<String, String> list = new LinkedHashMap<>();
    for (ExitCode exit : values()) {
      // right-aligned in two columns, like "%2d" but without a Formatter: every command builds
      // its help, and a Formatter's first use loads the locale's number symbols (CLDR data)
      String code = exit.code < 10 ? " " + exit.code : Integer.toString(exit.code);
      list.put(code, exit.meaning.replace("`", "") + ".");
    }
    return list;
  }

  /** The Markdown table of the README: code and meaning. */
  public static String readmeTable() {
    StringBuilder md = new StringBuilder("| code | meaning |\n|---|---|\n");
    for (ExitCode exit : values()) {
      md.append("| ").append(exit.code).append(" | ").append(exit.meaning).append(" |\n");
    }
    return md.toString();
  }

  /** The Markdown table of SKILL.md: code, meaning and what to do. */
  public static String skillTable() {
    StringBuilder md = new StringBuilder("| code | meaning | what you do |\n|---|---|---|\n");
    for (ExitCode exit : values()) {
      md.append("| ").append(exit.code).append(" | ").append(exit.meaning).append(" | ")
          .append(exit.action).append(" |\n");
    }
    return md.toString();
  }
}
