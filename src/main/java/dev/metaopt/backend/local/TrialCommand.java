package dev.metaopt.backend.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.backend.TrialCommandPolicy;
import dev.metaopt.json.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The argv of one trial, built the way {@code wandb agent} builds it from the campaign's command
 * ({@link TrialCommandPolicy#template}: the words of {@code train_command}, then {@code ${args}}
 * unless the user placed another argument macro) with the W&B macros expanded. A sweep config's
 * own {@code program} or {@code command} is never used: what runs is the user's. Parameter values
 * only ever become separate argv elements; nothing here is interpreted by a shell.
 */
final class TrialCommand {
  private TrialCommand() {}

  static List<String> argv(String trainCommand, Map<String, JsonNode> values,
      String argsJsonFile) {
    List<String> argv = new ArrayList<>();
    for (String token : TrialCommandPolicy.template(trainCommand)) {
      switch (token) {
        case "${env}" -> argv.add("/usr/bin/env");
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
