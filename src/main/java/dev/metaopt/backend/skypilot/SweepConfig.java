package dev.metaopt.backend.skypilot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.backend.CommandLine;
import dev.metaopt.campaign.Campaign;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The W&B sweep config this backend registers: the selected proposal's search (method, metric,
 * parameters, early termination, run cap) with the trial command taken from the campaign. The
 * command is {@code ["${env}", <project.train_command words>, "${args}"]}, which {@code wandb
 * agent} expands to {@code /usr/bin/env python train.py --lr=0.01}
 * (wandb/wandb_agent.py, Agent._command_run). A {@code program} or {@code command} in the
 * proposal is never used: proposals come from workers (possibly an LLM), and what runs on the
 * user's machines is the user's own command.
 */
final class SweepConfig {
  private static final Logger log = LoggerFactory.getLogger(SweepConfig.class);

  private SweepConfig() {}

  /** The config to register as sweep {@code name}; fails when the campaign names no command. */
  static ObjectNode of(JsonNode task, String name) {
    ObjectNode config = task.path("sweep_config").deepCopy();
    for (String field : List.of("program", "command")) {
      if (config.has(field)) {
        log.warn("sweep_config.{} of proposal {} ignored: the trial command comes from"
            + " project.train_command", field, task.path("proposal_id").asText());
        config.remove(field);
      }
    }
    config.set("command", command(Campaign.Project.from(task.path("project")).trainCommand()
        .orElse("")));
    config.put("name", name);
    return config;
  }

  /** {@code ${env}}, the command's words, {@code ${args}}. */
  static ArrayNode command(String trainCommand) {
    List<String> words = CommandLine.split(trainCommand);
    if (words.isEmpty()) {
      throw new IllegalArgumentException("project.train_command is not set: the SkyPilot backend"
          + " runs it on every agent (e.g. train_command: python train.py)");
    }
    ArrayNode command = dev.metaopt.json.Json.nodes().arrayNode();
    command.add("${env}");
    words.forEach(command::add);
    command.add("${args}");
    return command;
  }
}
