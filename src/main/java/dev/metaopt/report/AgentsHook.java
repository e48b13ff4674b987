package dev.metaopt.report;

import dev.metaopt.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The {@code AGENTS.md} resume hook: a marked block telling an AI host to re-enter metaopt while
 * the campaign runs. Created or refreshed while RUNNING, removed at every terminal state. Line
 * endings of an existing file are preserved (upstream D-18 rewrote CRLF files with LF).
 */
public final class AgentsHook {
  static final String BEGIN = "<!-- ml-metaoptimization:begin -->";
  static final String END = "<!-- ml-metaoptimization:end -->";
  static final String BLOCK =
      BEGIN
          + "\n"
          + "## Active task\n"
          + "`.ml-metaopt/state.json` exists. Inspect its `status`.\n"
          + "If `status` is `RUNNING`, run `metaopt resume` (or invoke the `ml-metaoptimization` skill)"
          + " immediately,\n"
          + "resume from `machine_state`, and do not ask the user for campaign inputs.\n"
          + "If `status` is terminal, run `metaopt status` once so terminal cleanup can run; do not"
          + " execute `next_action`.\n"
          + END
          + "\n";
  private static final Pattern MARKED_BLOCK =
      Pattern.compile(Pattern.quote(BEGIN) + "(?s:.*?)" + Pattern.quote(END) + "\\r?\\n?");

  /** What {@link #ensure} did. */
  public enum Action {
    CREATED,
    UPDATED,
    UNCHANGED
  }

  private AgentsHook() {}

  /** Makes sure the current hook block is present (exactly once, last in the file). */
  public static Action ensure(Path agentsFile) {
    try {
      if (!Files.exists(agentsFile)) {
        AtomicFiles.writeString(agentsFile, BLOCK);
        return Action.CREATED;
      }
      String text = Files.readString(agentsFile, StandardCharsets.UTF_8);
      String newline = text.contains("\r\n") ? "\r\n" : "\n";
      String block = BLOCK.replace("\n", newline);
      if (text.contains(block) && MARKED_BLOCK.matcher(text).results().count() == 1) {
        return Action.UNCHANGED;
      }
      String rest = MARKED_BLOCK.matcher(text).replaceAll("").stripTrailing();
      AtomicFiles.writeString(agentsFile, rest.isEmpty() ? block : rest + newline + newline + block);
      return Action.UPDATED;
    } catch (IOException e) {
      throw AtomicFiles.ioFailure("could not update " + agentsFile, e);
    }
  }

  /**
   * Removes every marked block. A file that held nothing but the hook is deleted; other content
   * is kept as it was.
   */
  public static boolean remove(Path agentsFile) {
    try {
      if (!Files.exists(agentsFile)) {
        return false;
      }
      String text = Files.readString(agentsFile, StandardCharsets.UTF_8);
      if (!MARKED_BLOCK.matcher(text).find()) {
        return false;
      }
      String rest = MARKED_BLOCK.matcher(text).replaceAll("").stripTrailing();
      if (rest.isEmpty()) {
        Files.delete(agentsFile);
      } else {
        String newline = text.contains("\r\n") ? "\r\n" : "\n";
        AtomicFiles.writeString(agentsFile, rest + newline);
      }
      return true;
    } catch (IOException e) {
      throw AtomicFiles.ioFailure("could not update " + agentsFile, e);
    }
  }
}
