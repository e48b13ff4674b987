package dev.metaopt.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rules of this product's optional campaign extensions: {@code project.train_command} and
 * {@code setup_command}, {@code campaign.seed}, compute cost and pacing limits, the SkyPilot
 * agents' {@code use_spot} and {@code image_id}, {@code search_space} and {@code workers}.
 */
final class ExtensionRules {
  /** Keys a W&B parameter specification may use. */
  static final Set<String> PARAMETER_KEYS = Set.of("value", "values", "probabilities",
      "distribution", "min", "max", "mu", "sigma", "q", "parameters");

  /** The W&B parameter distributions. */
  static final Set<String> DISTRIBUTIONS = Set.of("constant", "categorical", "int_uniform",
      "uniform", "q_uniform", "log_uniform", "log_uniform_values", "q_log_uniform",
      "q_log_uniform_values", "inv_log_uniform", "inv_log_uniform_values", "normal", "q_normal",
      "log_normal", "q_log_normal");

  /** The models the local backend can put behind {@code method: bayes}. */
  static final Set<String> BAYES_SAMPLERS = Set.of("gp", "tpe", "tpe_univariate");

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private ExtensionRules() {}

  static void check(JsonNode raw, FieldChecks checks) {
    checks.nonEmptyString("project.train_command", false, "the command one trial runs");
    checks.nonEmptyString("project.setup_command", false, "your shell command that prepares the"
        + " machine for trials (a build, an install), e.g. 'pip install -r requirements.txt'");
    checks.bool("compute.use_spot", "true runs SkyPilot agents as managed jobs on spot"
        + " instances");
    checks.nonEmptyString("compute.image_id", true, "SkyPilot's resources.image_id, e.g."
        + " docker:pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime");
    checks.integer("campaign.seed", 0, Integer.MAX_VALUE, "must be a non-negative integer",
        "seeds the built-in workers and the local sweep backend");
    checks.number("compute.cost_per_hour_usd", 0, true, 10_000, "must be a number in [0, 10000]",
        "the spend rate charged per trial-hour (0 for a laptop)");
    checks.integer("compute.max_trials_per_sweep", 1, 100_000,
        "must be an integer in [1, 100000]", "caps the trials of one sweep");
    checks.integer("compute.max_sweep_minutes", 1, 10_080, "must be an integer in [1, 10080]",
        "caps the wall-clock minutes of one sweep");
    checks.number("compute.poll_interval_seconds", 0, true, 3600,
        "must be a number in [0, 3600]", "seconds between two polls of a running sweep");
    checks.integer("compute.max_runs_per_config", 1, 100, "must be an integer in [1, 100]",
        "how often the local backend may run one configuration across the campaign (1: never"
            + " re-run a measured configuration; more to measure noise)");
    bayesSampler(checks);
    searchSpace(raw.path("search_space"), checks);
    workers(raw.path("workers"), checks);
  }

  /** The local backend's model for {@code method: bayes}; W&B's own bayes is always a GP. */
  private static void bayesSampler(FieldChecks checks) {
    if (!checks.present("compute.bayes_sampler")) {
      return;
    }
    JsonNode sampler = checks.at("compute.bayes_sampler");
    if (!(sampler.isTextual() && BAYES_SAMPLERS.contains(sampler.asText()))) {
      checks.add("compute.bayes_sampler", "must be gp, tpe or tpe_univariate", sampler,
          sampler.isTextual() ? CampaignKeys.suggest(sampler.asText(), BAYES_SAMPLERS)
              .map(s -> "did you mean '" + s + "'?").orElse("see docs/local-backend.md")
              : "see docs/local-backend.md");
    } else if (!sampler.asText().equals("gp") && !"local".equals(checks.at("compute.provider")
        .asText())) {
      checks.add("compute.bayes_sampler", "needs compute.provider: local (W&B's bayes is a"
          + " Gaussian process; only the local backend runs a TPE)", sampler,
          "drop compute.bayes_sampler, or run on compute.provider: local");
    }
  }

  private static void searchSpace(JsonNode space, FieldChecks checks) {
    if (space.isMissingNode() || space.isNull()) {
      return;
    }
    if (!space.isObject() || space.isEmpty()) {
      checks.add("search_space", "must be a non-empty mapping of parameter name to W&B"
          + " parameter spec", space, "e.g. lr: {distribution: log_uniform_values, min: 1e-4,"
          + " max: 0.1}");
      return;
    }
    parameters(space, "search_space", checks);
  }

  private static void parameters(JsonNode params, String prefix, FieldChecks checks) {
    for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String path = prefix + "." + entry.getKey();
      JsonNode spec = entry.getValue();
      if (!spec.isObject() || spec.isEmpty()) {
        // a W&B sweep file's program/command: here what runs is project.train_command
        boolean runs = prefix.equals("search_space")
            && List.of("program", "command").contains(entry.getKey());
        checks.add(path, "must be a W&B parameter spec (value, values, distribution/min/max"
            + " or parameters)", spec, runs ? "search_space holds parameters only; what every"
            + " trial runs is project.train_command (e.g. train_command: \"python train.py\")"
            : "e.g. {values: [16, 32, 64]}");
        continue;
      }
      CampaignValidator.unknownKeys(spec, path, PARAMETER_KEYS, checks);
      if (spec.path("value").isArray()) {
        checks.add(path + ".value", "holds a list, so every trial would get the whole list as"
            + " one value", spec.path("value"), "did you mean 'values: " + FieldChecks.render(
                spec.path("value")) + "' (one of them per trial)?");
      }
      JsonNode values = spec.path("values");
      if (spec.has("values") && (!values.isArray() || values.isEmpty())) {
        checks.add(path + ".values", "must be a non-empty list", values, "list the choices");
      }
      distribution(spec, path, checks);
      if (spec.has("parameters") && (!spec.path("parameters").isObject()
          || spec.path("parameters").isEmpty())) {
        checks.add(path + ".parameters", "must be a non-empty mapping of nested parameters",
            spec.path("parameters"), "or drop it");
      } else if (spec.path("parameters").isObject()) {
        parameters(spec.path("parameters"), path + ".parameters", checks);
      }
    }
  }

  /** The distribution name and its numbers, as the local backend and W&B read them. */
  private static void distribution(JsonNode spec, String path, FieldChecks checks) {
    JsonNode name = spec.path("distribution");
    if (spec.has("distribution") && !(name.isTextual() && DISTRIBUTIONS.contains(name.asText()))) {
      String hint = name.isTextual() ? LogScaleHints.forUnknown(name.asText(), spec)
          .or(() -> CampaignKeys.suggest(name.asText(), DISTRIBUTIONS)
              .map(d -> "did you mean '" + d + "'?")).orElse("see docs/local-backend.md")
          : "see docs/local-backend.md";
      checks.add(path + ".distribution", "is not a W&B distribution", name, hint);
    }
    for (String bound : List.of("min", "max", "mu", "sigma", "q")) {
      checks.number(path + "." + bound, -Double.MAX_VALUE, true, Double.MAX_VALUE,
          "must be a finite number", "a number, not text");
    }
    LogScaleHints.warnIfValuesLike(spec, path, checks);
    JsonNode probabilities = spec.path("probabilities");
    boolean malformed = spec.has("probabilities") && !(probabilities.isArray()
        && probabilities.size() == spec.path("values").size() && allNumbers(probabilities));
    if (malformed) {
      checks.add(path + ".probabilities", "must be one number per entry of values",
          probabilities, "e.g. values: [a, b] with probabilities: [0.7, 0.3]");
    }
    for (ParameterBounds.Problem problem : ParameterBounds.of(spec)) {
      if (!(malformed && problem.field().equals("probabilities"))) { // said once is enough
        checks.add(path + "." + problem.field(), problem.rule(), problem.value(),
            problem.hint());
      }
    }
  }

  private static boolean allNumbers(JsonNode list) {
    for (JsonNode item : list) {
      if (!item.isNumber()) {
        return false;
      }
    }
    return true;
  }

  private static void workers(JsonNode workers, FieldChecks checks) {
    if (workers.isMissingNode() || workers.isNull()) {
      return;
    }
    if (!workers.isObject()) {
      checks.add("workers", "must be a mapping of lane to worker settings", workers,
          "lanes: ideation, selection, analysis, execution");
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = workers.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> lane = it.next();
      if (CampaignKeys.LANES.contains(lane.getKey())) {
        worker(lane.getValue(), "workers." + lane.getKey(), checks);
      }
    }
  }

  private static void worker(JsonNode worker, String path, FieldChecks checks) {
    if (!worker.isObject()) {
      checks.add(path, "must be a mapping (command, timeout_seconds, retries, env)", worker,
          "omit the lane to use the built-in worker");
      return;
    }
    CampaignValidator.unknownKeys(worker, path, CampaignKeys.WORKER_KEYS, checks);
    JsonNode command = worker.path("command");
    if (worker.has("command") && !isArgv(command)) {
      checks.add(path + ".command", "must be a non-empty list of non-empty strings (argv, no"
          + " shell)", command, "e.g. [python3, my_worker.py]");
    }
    if (worker.has("command") && worker.has("llm")) {
      checks.add(path, "has both command and llm", null, "a lane is served by one worker:"
          + " keep one of them");
    }
    llm(worker.path("llm"), path + ".llm", checks);
    if (worker.has("timeout") && worker.has("timeout_seconds")) {
      checks.add(path, "has both timeout and timeout_seconds", null, "they mean the same"
          + " (seconds): keep one");
    }
    checks.integer(path + ".timeout", 1, 86_400, "must be an integer in [1, 86400]",
        "seconds; the worker is killed with its process tree after this long");
    checks.integer(path + ".timeout_seconds", 1, 86_400, "must be an integer in [1, 86400]",
        "the worker is killed with its process tree after this long");
    checks.integer(path + ".retries", 0, 5, "must be an integer in [0, 5]",
        "extra attempts after invalid output");
    env(worker.path("env"), path + ".env", checks);
  }

  private static void env(JsonNode env, String path, FieldChecks checks) {
    if (env.isMissingNode() || env.isNull()) {
      return;
    }
    if (!env.isObject()) {
      checks.add(path, "must be a mapping of NAME to string value", env,
          "e.g. env: {OPENAI_BASE_URL: \"http://localhost:8000/v1\"}");
      return;
    }
    env.fields().forEachRemaining(e -> {
      if (!ENV_NAME.matcher(e.getKey()).matches()) {
        checks.add(path + "." + e.getKey(), "is not a valid environment variable name", null,
            "use letters, digits and '_', not starting with a digit");
      } else if (!e.getValue().isTextual()) {
        checks.add(path + "." + e.getKey(), "must be a string", e.getValue(), "quote the value");
      }
    });
  }

  /** An OpenAI-compatible endpoint: base URL, model, and the NAME of the key's variable. */
  private static void llm(JsonNode llm, String path, FieldChecks checks) {
    if (llm.isMissingNode() || llm.isNull()) {
      return;
    }
    if (!llm.isObject()) {
      checks.add(path, "must be a mapping (base_url, model, api_key_env, temperature)", llm,
          "e.g. {base_url: http://localhost:11434/v1, model: qwen2.5}");
      return;
    }
    CampaignValidator.unknownKeys(llm, path, CampaignKeys.LLM_KEYS, checks);
    JsonNode base = llm.path("base_url");
    if (!base.isTextual() || !base.asText().matches("https?://\\S+")) {
      checks.add(path + ".base_url", "must be an http(s) URL", base.isMissingNode() ? null : base,
          "the OpenAI-compatible API root, e.g. https://api.openai.com/v1");
    }
    if (!llm.path("model").isTextual() || llm.path("model").asText().isBlank()) {
      checks.add(path + ".model", "must be a non-empty string", null, "the model name");
    }
    JsonNode keyEnv = llm.path("api_key_env");
    if (llm.has("api_key_env") && !(keyEnv.isTextual() && ENV_NAME.matcher(keyEnv.asText())
        .matches())) {
      checks.add(path + ".api_key_env", "must be an environment variable NAME (not the key)",
          keyEnv, "e.g. OPENAI_API_KEY; export the key in your shell");
    }
    checks.number(path + ".temperature", 0, true, 2, "must be a number in [0, 2]", "sampling"
        + " temperature");
  }

  private static boolean isArgv(JsonNode command) {
    if (!command.isArray() || command.isEmpty()) {
      return false;
    }
    for (JsonNode part : command) {
      if (!part.isTextual() || part.asText().isEmpty()) {
        return false;
      }
    }
    return true;
  }
}
