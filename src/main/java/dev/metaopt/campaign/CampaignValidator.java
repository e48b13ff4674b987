package dev.metaopt.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.schema.ValidationIssue;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every rule of a campaign file, reported all at once: the upstream v4 rule set (including the
 * rules its reference script forgot), this product's extensions, unknown keys with a "did you
 * mean" hint, and placeholder values anywhere in the file.
 */
final class CampaignValidator {
  /** Execution providers: the embedded backend, or a SkyPilot cloud. */
  static final Set<String> PROVIDERS = Set.of("local", "vast_ai", "vast", "aws", "gcp", "azure",
      "kubernetes", "lambda", "runpod", "fluidstack", "paperspace", "cudo", "ibm", "oci", "scp",
      "nebius", "do", "vsphere", "hyperbolic");

  /** {@code YOUR_…}, {@code replace-me} or an angle-bracket token such as {@code <repo-url>}. */
  private static final Pattern PLACEHOLDER =
      Pattern.compile("YOUR_|replace-me|<[A-Za-z_][A-Za-z0-9_ .-]*>");

  private CampaignValidator() {}

  static List<ValidationIssue> validate(JsonNode raw) {
    return check(raw).issues();
  }

  /** Every rule applied to {@code raw}: its issues and warnings. */
  static FieldChecks check(JsonNode raw) {
    FieldChecks checks = new FieldChecks(raw);
    if (!raw.isObject()) {
      checks.add("", "campaign root must be a mapping", raw, "start the file with 'campaign:'");
      return checks;
    }
    requiredPresence(raw, checks);
    unknownKeys(raw, checks);
    upstreamRules(checks);
    ExtensionRules.check(raw, checks);
    placeholders(raw, "", checks);
    return checks;
  }

  private static void requiredPresence(JsonNode raw, FieldChecks checks) {
    for (String section : CampaignKeys.REQUIRED_SECTIONS) {
      JsonNode value = raw.path(section);
      if (value.isMissingNode()) {
        checks.missing(section, "add the '" + section + ":' section");
      } else if (!value.isObject() && !value.isNull()) {
        // Without this, 'compute: 5' would only surface as its children being "missing".
        checks.add(section, "must be a mapping", value,
            "indent the fields of '" + section + ":' under it");
      }
    }
    boolean local = "local".equals(raw.path("compute").path("provider").asText());
    for (String field : CampaignKeys.REQUIRED_FIELDS) {
      if (!checks.present(field) && !(local && CampaignKeys.OPTIONAL_ON_LOCAL.contains(field))) {
        checks.missing(field, CampaignKeys.renamedFrom(field, raw)
            .map(alias -> "rename " + alias + " to " + field + " ("
                + CampaignKeys.ALIASES.get(alias).why() + ")")
            .orElse("add it: " + CampaignKeys.REQUIRED_HINTS.get(field)));
      }
    }
  }

  private static void unknownKeys(JsonNode raw, FieldChecks checks) {
    for (Map.Entry<String, Set<String>> section : CampaignKeys.ALLOWED.entrySet()) {
      JsonNode node = section.getKey().isEmpty() ? raw : raw.path(section.getKey());
      if (node.isObject()) {
        unknownKeys(node, section.getKey(), section.getValue(), checks);
      }
    }
  }

  static void unknownKeys(JsonNode node, String prefix, Set<String> allowed, FieldChecks checks) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        String path = prefix.isEmpty() ? key : prefix + "." + key;
        CampaignKeys.Alias alias = CampaignKeys.ALIASES.get(path);
        String hint = alias != null ? "did you mean '" + alias.field() + "'? (" + alias.why() + ")"
            : CampaignKeys.suggest(key, allowed).map(s -> "did you mean '" + s + "'?")
            .orElse("allowed here: " + String.join(", ", allowed.stream().sorted().toList()));
        checks.add(path, "unknown key", null, hint);
      }
    }
  }

  private static void upstreamRules(FieldChecks checks) {
    checks.nonEmptyString("campaign.name", false, "name the campaign");
    checks.nonEmptyString("campaign.description", false, "describe the campaign in one line");
    JsonNode direction = checks.at("objective.direction");
    if (checks.present("objective.direction")
        && !(direction.isTextual() && Set.of("maximize", "minimize").contains(direction.asText()))) {
      checks.add("objective.direction", "must be 'maximize' or 'minimize'", direction,
          "the value is case-sensitive");
    }
    checks.nonEmptyString("objective.metric", false, "the metric name your training logs");
    checks.nonEmptyString("project.repo", false, "a git URL or a local path");
    checks.nonEmptyString("project.smoke_test_command", false,
        "a command that exercises training for under 60 s");
    checks.nonEmptyString("wandb.entity", true, "your W&B entity (user or team)");
    checks.nonEmptyString("wandb.project", true, "your W&B project name");
    checks.nonEmptyString("compute.accelerator", false, "e.g. A100:1, or cpu for local");
    JsonNode provider = checks.at("compute.provider");
    if (checks.present("compute.provider")
        && !(provider.isTextual() && PROVIDERS.contains(provider.asText()))) {
      String hint = provider.isTextual()
          ? CampaignKeys.suggest(provider.asText(), PROVIDERS).map(s -> "did you mean '" + s + "'?")
              .orElse("use 'local' or a SkyPilot cloud: vast_ai, aws, gcp, azure, kubernetes, ...")
          : "use 'local' or a SkyPilot cloud name";
      checks.add("compute.provider", "must be 'local' or a known SkyPilot cloud", provider, hint);
    }
    checks.integer("compute.num_sweep_agents", 1, 16, "must be an integer in [1, 16]",
        "parallel trials per sweep");
    checks.number("compute.max_budget_usd", 0, false, 100, "must be a number in (0, 100]",
        "the hard spend cap in USD");
    checks.integer("compute.idle_timeout_minutes", 5, 60, "must be an integer in [5, 60]",
        "minutes without a logged metric before a trial is killed");
    checks.number("objective.improvement_threshold", 0, false, Double.MAX_VALUE,
        "must be a positive number", "the smallest gain that counts as an improvement, e.g. 0.005");
    checks.integer("proposal_policy.current_target", 1, 1000, "must be an integer in [1, 1000]",
        "proposals in the pool before selection");
    checks.integer("stop_conditions.max_iterations", 1, Integer.MAX_VALUE,
        "must be a positive integer", "the most iterations the campaign may run");
    checks.integer("stop_conditions.max_no_improve_iterations", 1, Integer.MAX_VALUE,
        "must be a positive integer", "iterations without improvement before stopping");
    checks.number("stop_conditions.target_metric", -Double.MAX_VALUE, true, Double.MAX_VALUE,
        "must be a finite number", "remove it to run without a target");
  }

  /** Placeholder text in any string value: a template that was never filled in. */
  private static void placeholders(JsonNode node, String path, FieldChecks checks) {
    if (node.isTextual() && PLACEHOLDER.matcher(node.asText()).find()) {
      checks.add(path, "contains a placeholder (YOUR_…, replace-me or <…>)", node,
          "replace it with the real value");
    } else if (node.isObject()) {
      node.fields().forEachRemaining(e ->
          placeholders(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), checks));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        placeholders(node.get(i), path + "[" + i + "]", checks);
      }
    }
  }
}
