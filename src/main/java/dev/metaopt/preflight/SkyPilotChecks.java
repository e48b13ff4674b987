package dev.metaopt.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.worker.ProcessResult;
import dev.metaopt.worker.ProcessRunner;
import dev.metaopt.worker.ProcessSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Readiness of the SkyPilot + W&B backend: the {@code sky} and {@code wandb} CLIs answer,
 * {@code sky check} accepts the provider, W&B credentials are present (never printed) and the
 * project repository is reachable with git. Every probe runs with a timeout.
 */
public final class SkyPilotChecks implements BackendChecks {
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(120);

  private final Path workingDir;

  public SkyPilotChecks(Path workingDir) {
    this.workingDir = workingDir;
  }

  @Override
  public List<CheckResult> check(JsonNode campaign, Map<String, String> env) {
    List<CheckResult> checks = new ArrayList<>();
    checks.add(probe("sky", List.of("sky", "--version"), env, "pip install 'skypilot[<cloud>]'"));
    checks.add(probe("wandb", List.of("wandb", "--version"), env, "pip install wandb"));
    String provider = campaign.path("compute").path("provider").asText();
    String skyCloud = provider.equals("vast_ai") ? "vast" : provider;
    checks.add(probe("sky_check", List.of("sky", "check", skyCloud), env,
        "configure credentials for " + skyCloud + " (see 'sky check')"));
    checks.add(env.containsKey("WANDB_API_KEY")
        ? CheckResult.passed("wandb_api_key", "WANDB_API_KEY is set (value not shown)")
        : CheckResult.failed("wandb_api_key", "WANDB_API_KEY is not set",
            "export WANDB_API_KEY in the shell that runs metaopt"));
    String repo = campaign.path("project").path("repo").asText();
    checks.add(probe("git_repo", List.of("git", "ls-remote", "--exit-code", "--heads", repo),
        env, "make sure this machine can read " + repo));
    return checks;
  }

  private CheckResult probe(String name, List<String> argv, Map<String, String> env,
      String remediation) {
    Map<String, String> probeEnv = new LinkedHashMap<>(env);
    probeEnv.put("GIT_TERMINAL_PROMPT", "0");
    try {
      ProcessResult result = ProcessRunner.run(
          new ProcessSpec(argv, workingDir, probeEnv, "", null, PROBE_TIMEOUT));
      if (result.timedOut()) {
        return CheckResult.failed(name, String.join(" ", argv) + " timed out after "
            + PROBE_TIMEOUT.toSeconds() + " s", remediation);
      }
      String firstLine = result.stdout().lines().findFirst().orElse("").strip();
      return result.exitCode() == 0
          ? CheckResult.passed(name, String.join(" ", argv) + ": " + firstLine)
          : CheckResult.failed(name, String.join(" ", argv) + " exited " + result.exitCode(),
              remediation);
    } catch (IOException e) {
      return CheckResult.failed(name, "'" + argv.get(0) + "' is not installed", remediation);
    }
  }
}
