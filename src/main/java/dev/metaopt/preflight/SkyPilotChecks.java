package dev.metaopt.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.backend.TrialCommandPolicy;
import dev.metaopt.backend.skypilot.ToolEnvironment;
import dev.metaopt.campaign.Campaign;
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
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Readiness of the SkyPilot + W&B backend, checked the way the tools really answer: SkyPilot
 * ≥ 0.10 ({@code resources.infra} and {@code --secret} exist since then) and wandb ≥ 0.10.31
 * ({@code wandb sweep --cancel}); the SkyPilot API server started by {@code sky api start} (so no
 * later call's timeout can take it down); {@code sky check <cloud>} printing the cloud enabled
 * for compute (it exits 0 for a disabled cloud too, sky/check.py); the W&B key present (never
 * printed); the command the agents run ({@link TrialCommandPolicy}); the repository reachable.
 * Where the provider reports no price, or spot agents run as managed jobs whose clusters are not
 * in the cost report, a warning says the budget then counts only {@code cost_per_hour_usd}.
 */
public final class SkyPilotChecks implements BackendChecks {
  static final int[] MIN_SKYPILOT = {0, 10, 0};
  static final int[] MIN_WANDB = {0, 10, 31};
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(120);
  private static final Pattern VERSION = Pattern.compile("version\\s+(\\d+)\\.(\\d+)(?:\\.(\\d+))?");
  private static final Pattern ANSI = Pattern.compile("\u001B\\[[;\\d]*m");

  private final Path workingDir;

  public SkyPilotChecks(Path workingDir) {
    this.workingDir = workingDir;
  }

  @Override
  public List<CheckResult> check(JsonNode campaign, Map<String, String> env) {
    Map<String, String> skyEnv = ToolEnvironment.sky(env);
    List<CheckResult> checks = new ArrayList<>();
    checks.add(version("sky", List.of("sky", "--version"), skyEnv, MIN_SKYPILOT,
        "pip install -U 'skypilot[<cloud>]'"));
    checks.add(version("wandb", List.of("wandb", "--version"), ToolEnvironment.wandb(env),
        MIN_WANDB, "pip install -U wandb"));
    if (env.containsKey("SKYPILOT_API_SERVER_ENDPOINT")) {
      checks.add(CheckResult.passed("sky_api_server", "remote SkyPilot API server at "
          + env.get("SKYPILOT_API_SERVER_ENDPOINT")));
    } else {
      checks.add(probe("sky_api_server", List.of("sky", "api", "start"), skyEnv,
          "see ~/.sky/api_server/server.log; 'sky api start' must succeed"));
    }
    Campaign bound = Campaign.bind(campaign);
    String cloud = bound.compute().skyInfra();
    checks.add(cloudEnabled(cloud, skyEnv));
    checks.add(env.containsKey("WANDB_API_KEY")
        ? CheckResult.passed("wandb_api_key", "WANDB_API_KEY is set (value not shown)")
        : CheckResult.failed("wandb_api_key", "WANDB_API_KEY is not set",
            "export WANDB_API_KEY in the shell that runs metaopt"));
    // whether there is a command at all is Preflight's (one rule for both backends): here, what
    // the agents will run
    bound.project().trainCommand().ifPresent(train -> {
      try {
        checks.add(CheckResult.passed("agent_command", "agents run "
            + TrialCommandPolicy.template(train)));
      } catch (IllegalArgumentException refused) {
        // Preflight's project.train_command check names the problem
      }
    });
    priceWarning(bound.compute(), cloud).ifPresent(checks::add);
    String repo = bound.project().repo();
    Map<String, String> gitEnv = new LinkedHashMap<>(env);
    gitEnv.put("GIT_TERMINAL_PROMPT", "0");
    checks.add(probe("git_repo", List.of("git", "ls-remote", "--exit-code", "--heads", repo),
        gitEnv, "make sure this machine can read " + repo));
    return checks;
  }

  private static Optional<CheckResult> priceWarning(Campaign.Compute compute, String cloud) {
    boolean rate = compute.costPerHourUsd() > 0;
    if (compute.useSpot() && !rate) {
      return Optional.of(CheckResult.warning("spend", "spot agents run as SkyPilot managed jobs,"
          + " whose clusters are not in 'sky cost-report': without compute.cost_per_hour_usd"
          + " the budget sees no spend"));
    }
    if ((cloud.equals("kubernetes") || cloud.equals("ssh")) && !rate) {
      return Optional.of(CheckResult.warning("spend", cloud + " reports no price unless"
          + " ~/.sky/config.yaml has a pricing section: set compute.cost_per_hour_usd so the"
          + " budget counts the agents' time"));
    }
    return Optional.empty();
  }

  /** {@code sky check <cloud>}: passes only when it prints the cloud enabled for compute. */
  private CheckResult cloudEnabled(String cloud, Map<String, String> env) {
    String remediation = "configure credentials for " + cloud + " (see 'sky check " + cloud
        + "')";
    List<String> argv = List.of("sky", "check", cloud);
    Optional<ProcessResult> result = run(argv, env);
    if (result.isEmpty() || result.get().timedOut() || result.get().exitCode() != 0) {
      return failedProbe("sky_check", argv, result, remediation);
    }
    Pattern line = Pattern.compile("(?im)^\\s*" + Pattern.quote(cloud)
        + ": (enabled|disabled)\\b(.*)$");
    Matcher matcher = line.matcher(ANSI.matcher(result.get().stdout()).replaceAll(""));
    if (!matcher.find()) {
      return CheckResult.failed("sky_check", "'sky check " + cloud + "' did not report " + cloud,
          remediation);
    }
    boolean compute = matcher.group(1).equalsIgnoreCase("enabled")
        && matcher.group(2).contains("compute");
    return compute ? CheckResult.passed("sky_check", cloud + " is enabled for compute")
        : CheckResult.failed("sky_check", "'sky check " + cloud + "' reports " + cloud + " "
            + matcher.group(1).toLowerCase(java.util.Locale.ROOT) + matcher.group(2).strip()
            .replaceAll("^(\\S)", " $1"), remediation);
  }

  private CheckResult version(String name, List<String> argv, Map<String, String> env,
      int[] minimum, String remediation) {
    Optional<ProcessResult> result = run(argv, env);
    if (result.isEmpty() || result.get().timedOut() || result.get().exitCode() != 0) {
      return failedProbe(name, argv, result, remediation);
    }
    String first = result.get().stdout().lines().findFirst().orElse("").strip();
    Matcher matcher = VERSION.matcher(first);
    String needed = minimum[0] + "." + minimum[1] + "." + minimum[2];
    if (!matcher.find()) {
      return CheckResult.failed(name, "cannot read a version from '" + first + "'", remediation);
    }
    int[] found = {Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
        matcher.group(3) == null ? 0 : Integer.parseInt(matcher.group(3))};
    return java.util.Arrays.compare(found, minimum) >= 0
        ? CheckResult.passed(name, first)
        : CheckResult.failed(name, first + " is older than the " + needed + " metaopt needs",
            remediation);
  }

  private CheckResult probe(String name, List<String> argv, Map<String, String> env,
      String remediation) {
    Optional<ProcessResult> result = run(argv, env);
    if (result.isEmpty() || result.get().timedOut() || result.get().exitCode() != 0) {
      return failedProbe(name, argv, result, remediation);
    }
    String firstLine = ANSI.matcher(result.get().stdout()).replaceAll("").lines()
        .filter(l -> !l.isBlank()).findFirst().orElse("").strip();
    return CheckResult.passed(name, String.join(" ", argv) + ": " + firstLine);
  }

  private static CheckResult failedProbe(String name, List<String> argv,
      Optional<ProcessResult> result, String remediation) {
    if (result.isEmpty()) {
      return CheckResult.failed(name, "'" + argv.get(0) + "' is not installed", remediation);
    }
    return result.get().timedOut()
        ? CheckResult.failed(name, String.join(" ", argv) + " timed out after "
            + PROBE_TIMEOUT.toSeconds() + " s", remediation)
        : CheckResult.failed(name, String.join(" ", argv) + " exited "
            + result.get().exitCode(), remediation);
  }

  private Optional<ProcessResult> run(List<String> argv, Map<String, String> env) {
    try {
      return Optional.of(ProcessRunner.run(
          new ProcessSpec(argv, workingDir, env, "", null, PROBE_TIMEOUT)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
