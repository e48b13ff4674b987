package dev.metaopt.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.backend.TrialCommandPolicy;
import dev.metaopt.campaign.Campaign;
import dev.metaopt.campaign.CampaignCheck;
import dev.metaopt.campaign.IdentityHash;
import dev.metaopt.campaign.LlmSettings;
import dev.metaopt.campaign.WorkerSettings;
import dev.metaopt.dispatch.WorkerEnvironment;
import dev.metaopt.json.Json;
import dev.metaopt.llm.LlmEndpoint;
import dev.metaopt.protocol.Lane;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks that a valid campaign can run on this machine and builds the readiness artifact bound to
 * its identity hash. Checks only look (files, PATH, environment variable presence); the backend
 * checks that must run a tool live in {@link BackendChecks}.
 */
public final class Preflight {
  private final Path projectDir;
  private final Map<String, String> env;
  private final BackendChecks backend;

  public Preflight(Path projectDir, Map<String, String> env, BackendChecks backend) {
    this.projectDir = projectDir;
    this.env = Map.copyOf(env);
    this.backend = backend;
  }

  /** Runs every check for the (valid) campaign. */
  public List<CheckResult> checks(JsonNode campaign) {
    Campaign bound = Campaign.bind(campaign);
    List<CheckResult> checks = new ArrayList<>();
    checks.add(CheckResult.passed("java", "Java " + Runtime.version().feature() + " runs metaopt"));
    checks.add(writable());
    checks.add(program("smoke_test_command", bound.project().smokeTestCommand()));
    trialCommand(bound).ifPresent(checks::add);
    if (bound.compute().isLocal()) { // on SkyPilot the set-up runs on the node, not here
      bound.project().setupCommand()
          .ifPresent(setup -> checks.add(program("setup_command", setup)));
    }
    for (Lane lane : Lane.values()) {
      checks.add(worker(lane.wireName(), bound.worker(lane)));
    }
    checks.addAll(backend.check(campaign, env));
    return checks;
  }

  /**
   * What every trial runs ({@link TrialCommandPolicy}): the campaign's {@code train_command},
   * needed unless the user's own execution worker decides how sweeps run.
   */
  private Optional<CheckResult> trialCommand(Campaign bound) {
    Optional<String> train = bound.project().trainCommand();
    if (train.isEmpty()) {
      return bound.worker(Lane.EXECUTION).command().isPresent() ? Optional.empty()
          : Optional.of(CheckResult.failed("project.train_command", "project.train_command is not"
              + " set, and every trial runs it (a worker never chooses what runs)",
              "set project.train_command, e.g. train_command: \"python train.py\""));
    }
    try {
      TrialCommandPolicy.template(train.get());
    } catch (IllegalArgumentException e) {
      return Optional.of(CheckResult.failed("project.train_command", e.getMessage(),
          "fix project.train_command"));
    }
    return Optional.of(program("train_command", train.get()));
  }

  private CheckResult writable() {
    Path dir = projectDir.resolve(".ml-metaopt");
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".probe", ".tmp");
      Files.delete(probe);
      return CheckResult.passed("state_dir", dir + " is writable");
    } catch (IOException e) {
      return CheckResult.failed("state_dir", dir + " is not writable: " + e.getMessage(),
          "fix the permissions of the project directory or free disk space");
    }
  }

  private CheckResult program(String field, String commandLine) {
    String program = Executables.firstWord(commandLine);
    String name = "project." + field;
    if (isShellBuiltin(program)) {
      return CheckResult.passed(name, "'" + program + "' is a shell builtin");
    }
    Optional<Path> found = Executables.find(program, projectDir, env);
    if (found.isEmpty()) {
      return CheckResult.failed(name, "'" + program + "' (first word of '" + commandLine
          + "') is not on PATH nor an executable file in " + projectDir,
          "install " + program + " or fix project." + field);
    }
    return ScriptCheck.check(field, commandLine, projectDir).orElseGet(() ->
        CheckResult.passed(name, "'" + program + "' found at " + found.get()
            + ScriptCheck.script(commandLine).map(script -> "; " + script + " exists")
                .orElse("")));
  }

  private CheckResult worker(String lane, WorkerSettings settings) {
    String name = "workers." + lane;
    if (settings.llm().isPresent()) {
      var llm = settings.llm().get();
      if (llm.apiKeyEnv() != null && !env.containsKey(llm.apiKeyEnv())) {
        return CheckResult.failed(name, llm.apiKeyEnv() + " is not set",
            "export " + llm.apiKeyEnv() + " in the shell that runs metaopt");
      }
      return llmEndpoint(name, llm);
    }
    if (settings.command().isEmpty()) {
      return CheckResult.passed(name, "built-in " + lane + " worker (in-process)");
    }
    String program = settings.command().get().get(0);
    if (Executables.find(program, projectDir, env).isEmpty()) {
      return CheckResult.failed(name, "worker command '" + program + "' is not on PATH nor an"
          + " executable file", "install it, or remove workers." + lane + " to use the built-in"
          + " worker");
    }
    try {
      WorkerEnvironment.of(settings, env);
    } catch (IllegalArgumentException e) {
      return CheckResult.failed(name, e.getMessage(), "export the variable before running"
          + " metaopt (it is passed to the worker, never written to disk)");
    }
    return CheckResult.passed(name, "'" + String.join(" ", settings.command().get()) + "'");
  }

  /** The endpoint must answer now: a campaign must not find out at its first ideation. */
  private CheckResult llmEndpoint(String name, LlmSettings llm) {
    LlmEndpoint.Probe probe = LlmEndpoint.probe(llm, env);
    String key = llm.apiKeyEnv() == null ? "" : " (key from " + llm.apiKeyEnv() + ", not shown)";
    if (!probe.answers()) {
      return CheckResult.failed(name, "llm " + llm.model() + ": " + probe.detail() + key,
          "start the server (for Ollama: 'ollama serve'), or fix " + name + ".llm.base_url");
    }
    if (!probe.models().isEmpty() && !probe.models().contains(llm.model())) {
      return CheckResult.warning(name, "llm " + llm.model() + " at " + llm.baseUrl() + key
          + " answers, but does not list " + llm.model() + " (it lists "
          + String.join(", ", probe.models().subList(0, Math.min(8, probe.models().size())))
          + ")");
    }
    return CheckResult.passed(name, "llm " + llm.model() + " at " + llm.baseUrl() + " answers"
        + key);
  }

  private static boolean isShellBuiltin(String program) {
    return List.of("true", "false", "echo", "exit", "test", ":").contains(program);
  }

  /** The readiness artifact for {@code check} given its results. */
  public static ObjectNode artifact(CampaignCheck check, List<CheckResult> results,
      Clock clock) {
    ObjectNode artifact = Json.object();
    artifact.put("schema_version", 1);
    artifact.set("campaign_id", check.raw().path("campaign").path("name").deepCopy());
    artifact.put("campaign_identity_hash", IdentityHash.of(check.raw()));
    boolean ready = results.stream().noneMatch(CheckResult::isFailure);
    artifact.put("status", ready ? "READY" : "FAILED");
    artifact.put("generated_at", Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
    ArrayNode checks = artifact.putArray("checks");
    ArrayNode failures = artifact.putArray("failures");
    ObjectNode summary = artifact.putObject("checks_summary");
    summary.put("total", results.size());
    for (String status : List.of("passed", "failed", "bootstrapped", "warning")) {
      summary.put(status.equals("warning") ? "warnings" : status,
          results.stream().filter(r -> r.status().equals(status)).count());
    }
    for (CheckResult result : results) {
      ObjectNode entry = checks.addObject();
      entry.put("name", result.name());
      entry.put("status", result.status());
      entry.put("detail", result.detail());
      if (result.isFailure()) {
        ObjectNode failure = failures.addObject();
        failure.put("check", result.name());
        failure.put("detail", result.detail());
        failure.put("remediation", result.remediation());
      }
    }
    artifact.put("next_action", ready ? "proceed"
        : "fix the failed checks (" + String.join(", ", results.stream()
            .filter(CheckResult::isFailure).map(CheckResult::name).toList())
            + ") and re-run 'metaopt preflight'");
    return artifact;
  }
}
