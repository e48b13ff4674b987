package dev.metaopt.backend.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.backend.CommandLine;
import dev.metaopt.json.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The argv of one trial, built the way {@code wandb agent} builds it: the sweep's {@code command}
 * with its macros expanded, or {@code ${env} ${interpreter} ${program} ${args}}, or the campaign's
 * {@code train_command} followed by {@code ${args}}. Parameter values only ever become separate
 * argv elements; nothing here is interpreted by a shell.
 */
final class TrialCommand {
  private TrialCommand() {}

  static List<String> argv(SweepSpec spec, String trainCommand, Map<String, JsonNode> values,
      String argsJsonFile) {
    List<String> template = new ArrayList<>(spec.command());
    if (template.isEmpty() && spec.program() != null) {
      template = List.of("${env}", "${interpreter}", "${program}", "${args}");
    }
    if (template.isEmpty()) {
      if (trainCommand == null || trainCommand.isBlank()) {
        throw new IllegalArgumentException("the sweep has no program or command and the campaign"
            + " has no project.train_command; set one of them");
      }
      template = new ArrayList<>(CommandLine.split(trainCommand));
      template.add("${args}");
    }
    List<String> argv = new ArrayList<>();
    for (String token : template) {
      switch (token) {
        case "${env}" -> argv.add("/usr/bin/env");
        case "${interpreter}" -> argv.add(spec.program() != null
            && spec.program().endsWith(".java") ? "java" : "python3");
        case "${program}" -> argv.add(spec.program() == null ? "" : spec.program());
        case "${args}" -> values.forEach((k, v) -> argv.add("--" + k + "=" + render(v)));
        case "${args_no_hyphens}" -> values.forEach((k, v) -> argv.add(k + "=" + render(v)));
        case "${args_no_boolean_flags}" -> values.forEach((k, v) -> {
          if (v.isBoolean()) {
            if (v.asBoolean()) {
              argv.add("--" + k);
            }
          } else {
            argv.add("--" + k + "=" + render(v));
          }
        });
        case "${args_json}" -> argv.add(Json.compact(Suggester.nest(values)));
        case "${args_json_file}" -> argv.add(argsJsonFile);
        default -> argv.add(token);
      }
    }
    return argv;
  }

  /** A value as W&B renders it on the command line. */
  static String render(JsonNode value) {
    if (value.isTextual()) {
      return value.asText();
    }
    if (value.isIntegralNumber()) {
      return value.asText();
    }
    if (value.isNumber()) {
      double d = value.asDouble();
      return Double.isFinite(d) ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString()
          : value.asText();
    }
    if (value.isBoolean()) {
      return value.asBoolean() ? "True" : "False";
    }
    return Json.compact(value);
  }
}
