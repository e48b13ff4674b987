package dev.metaopt.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.campaign.Campaign;
import dev.metaopt.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a trial runs: the campaign's own {@code project.train_command}, never a worker's choice.
 * Workers (in production an LLM or an agent CLI, so open to prompt injection) choose the search —
 * method, metric, parameters, run cap, early termination — and nothing else: a {@code program},
 * a {@code command} or any other key in their sweep config is removed at the gate with a reason,
 * and both backends build every trial's command from the campaign alone. This class is the one
 * place that rule lives.
 */
public final class TrialCommandPolicy {
  /** The sweep config keys a proposal may set: the search, never what runs or where. */
  public static final List<String> PROPOSAL_KEYS = List.of("method", "metric", "parameters",
      "run_cap", "early_terminate", "name", "description");

  /** W&B macros that place the trial's parameters on its command line. */
  static final Set<String> ARGUMENT_MACROS = Set.of("${args}", "${args_no_hyphens}",
      "${args_no_boolean_flags}", "${args_json}", "${args_json_file}");

  /** How much of a worker's value a warning quotes. */
  private static final int SHOWN_CHARS = 300;
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private TrialCommandPolicy() {}

  /**
   * A worker's sweep config reduced to {@link #PROPOSAL_KEYS}.
   *
   * @param sweepConfig what the proposal may set
   * @param removed one sentence per key removed that the worker should not have set (a key equal
   *     to the campaign's own command is removed silently: the backend adds it back anyway)
   */
  public record Review(ObjectNode sweepConfig, List<String> removed) {
    public Review {
      removed = List.copyOf(removed);
    }
  }

  /** Checks a worker's {@code sweepConfig} against the campaign, before anything starts. */
  public static Review review(JsonNode sweepConfig, Campaign.Project project, Path projectDir) {
    String trainCommand = project.trainCommand().orElse(null);
    ObjectNode kept = Json.object();
    List<String> removed = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = sweepConfig.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = field.getKey();
      JsonNode value = field.getValue();
      if (PROPOSAL_KEYS.contains(key)) {
        kept.set(key, value.deepCopy());
      } else if (key.equals("command")) {
        if (!sameCommand(value, trainCommand)) {
          removed.add("sweep_config.command " + shown(value) + " removed: "
              + notYours(trainCommand));
        }
      } else if (key.equals("program")) {
        String where = outsideProject(value.asText(), projectDir)
            .map(why -> "it leads outside the project directory (" + why + "); ").orElse("");
        removed.add("sweep_config.program " + shown(value) + " removed: " + where
            + notYours(trainCommand));
      } else {
        removed.add("sweep_config." + (PLAIN_KEY.matcher(key).matches() ? key
            : shown(Json.nodes().textNode(key))) + " removed: a proposal may set only "
            + String.join(", ", PROPOSAL_KEYS));
      }
    }
    return new Review(kept, removed);
  }

  /**
   * The W&B {@code command} of every trial: the words of {@code project.train_command}, followed
   * by {@code ${args}} ({@code --key=value} per parameter) unless the user already placed the
   * parameters with one of the argument macros. {@code wandb agent} and the local backend expand
   * it the same way.
   *
   * @throws IllegalArgumentException when the campaign names no command
   */
  public static List<String> template(String trainCommand) {
    List<String> words = trainCommand == null ? List.of() : CommandLine.split(trainCommand);
    if (words.isEmpty()) {
      throw new IllegalArgumentException("the campaign has no project.train_command, and every"
          + " trial runs it (a worker never chooses what runs); set it, e.g. train_command:"
          + " \"python train.py\"");
    }
    for (String word : words) {
      if (word.equals("${program}") || word.equals("${interpreter}")) {
        throw new IllegalArgumentException("project.train_command uses " + word + ", which"
            + " nothing sets (a worker never chooses what runs); write the interpreter and the"
            + " script themselves, e.g. train_command: \"python train.py\"");
      }
    }
    List<String> template = new ArrayList<>(words);
    if (words.stream().noneMatch(ARGUMENT_MACROS::contains)) {
      template.add("${args}");
    }
    return List.copyOf(template);
  }

  /**
   * The sweep config a backend registers or runs: the proposal keys of {@code sweepConfig}
   * (whatever a state file holds) and the campaign's {@link #template command}.
   */
  public static ObjectNode forLaunch(JsonNode sweepConfig, Campaign.Project project) {
    ObjectNode config = Json.object();
    for (String key : PROPOSAL_KEYS) {
      if (sweepConfig.has(key)) {
        config.set(key, sweepConfig.get(key).deepCopy());
      }
    }
    ArrayNode command = config.putArray("command");
    template(project.trainCommand().orElse(null)).forEach(command::add);
    return config;
  }

  /**
   * Why {@code program} would not resolve inside {@code projectDir}: an absolute path, a
   * {@code ..} that climbs out, or a symbolic link that leads out. Empty when it stays home.
   */
  public static Optional<String> outsideProject(String program, Path projectDir) {
    Path relative;
    try {
      relative = Path.of(program);
    } catch (InvalidPathException e) {
      return Optional.of("not a valid path");
    }
    if (relative.isAbsolute()) {
      return Optional.of("an absolute path");
    }
    Path home = projectDir.toAbsolutePath().normalize();
    Path candidate = home.resolve(relative).normalize();
    if (!candidate.startsWith(home)) {
      return Optional.of("'..' climbs out of it");
    }
    Path existing = candidate;
    while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS) && !existing.equals(home)) {
      existing = existing.getParent();
    }
    try {
      return existing.toRealPath().startsWith(home.toRealPath()) ? Optional.empty()
          : Optional.of("a symbolic link leads out of it");
    } catch (IOException e) {
      return Optional.of("a dangling symbolic link or an unreadable path");
    }
  }

  private static boolean sameCommand(JsonNode command, String trainCommand) {
    try {
      return command.isArray() && Json.mapper().convertValue(command, List.class)
          .equals(template(trainCommand));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** A worker's value as a log line may show it: JSON-escaped (no raw newline), bounded. */
  private static String shown(JsonNode value) {
    String json = Json.compact(value);
    return json.length() <= SHOWN_CHARS ? json : json.substring(0, SHOWN_CHARS) + "…";
  }

  private static String notYours(String trainCommand) {
    return "a worker never chooses what runs; every trial runs the campaign's"
        + " project.train_command" + (trainCommand == null || trainCommand.isBlank()
            ? " (not set yet: set it in the campaign)" : " '" + trainCommand + "'");
  }
}
