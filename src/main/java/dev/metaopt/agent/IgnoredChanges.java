package dev.metaopt.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.campaign.Campaign;
import dev.metaopt.json.Json;
import dev.metaopt.protocol.StateKeys;
import dev.metaopt.state.MachineState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The campaign-file changes a finished campaign ignores: run or resume of a terminal campaign that
 * did not reopen compares the campaign's sections with those of the previous load (its
 * LOAD_CAMPAIGN handoff) and names every changed field once, with why it is ignored and what
 * would reopen the campaign. A running or reopened campaign uses a changed field from its next
 * use on, so nothing is ignored there.
 */
public final class IgnoredChanges {
  private IgnoredChanges() {}

  /** The previous session's load handoff at {@code file}, or null when none is readable. */
  public static JsonNode previousLoad(Path file) {
    try {
      return Files.isRegularFile(file) ? Json.parse(Files.readString(file)) : null;
    } catch (IOException | RuntimeException unreadable) {
      return null; // a broken copy only costs the ignored-change notice
    }
  }

  /**
   * The warning for the terminal campaign {@code state}, or empty when no campaign field
   * changed.
   */
  public static Optional<String> describe(JsonNode previousLoad, JsonNode load, JsonNode state) {
    MachineState terminal = MachineState.parse(state.path(StateKeys.MACHINE_STATE).asText())
        .orElseThrow();
    if (previousLoad == null || !previousLoad.isObject()) {
      return Optional.empty();
    }
    TreeSet<String> changed = new TreeSet<>();
    for (String section : LoadCampaignAgent.SECTIONS) {
      diff(section, previousLoad.path(section), load.path(section), changed);
    }
    if (changed.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("changed " + String.join(", ", changed) + " ignored: the campaign is "
        + terminal + " and " + (changed.size() == 1 ? "this change does" : "these changes do")
        + " not reopen it (" + reopenedBy(terminal, state, load) + ")");
  }

  private static String reopenedBy(MachineState terminal, JsonNode state, JsonNode load) {
    return switch (terminal) {
      case COMPLETE -> stillStopping(StopConditions.holding(state, Campaign.bind(load)));
      case BLOCKED_CONFIG -> "only compute.max_budget_usd raised above the spend does";
      default -> "only 'metaopt resume --retry' does, after the cause is fixed";
    };
  }

  /** What still stops a COMPLETE campaign, as the campaign file now is, and what lifts it. */
  private static String stillStopping(List<String> holding) {
    return holding.isEmpty() ? "a stop_conditions limit raised past where it stopped reopens it"
        : "still stopped by " + String.join(" and ", holding) + "; to go on, "
            + Recipes.liftingEach(holding);
  }

  /** Adds the dotted paths of the leaves that differ between {@code a} and {@code b}. */
  private static void diff(String path, JsonNode a, JsonNode b, TreeSet<String> out) {
    if (a.equals(b)) {
      return;
    }
    if (a.isObject() && b.isObject()) {
      TreeSet<String> keys = new TreeSet<>(names(a));
      keys.addAll(names(b));
      for (String key : keys) {
        diff(path + "." + key, a.path(key), b.path(key), out);
      }
      return;
    }
    out.add(path);
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      names.add(it.next().getKey());
    }
    return names;
  }
}
