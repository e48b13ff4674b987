package dev.metaopt.backend.local;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The W&B variables a local trial takes from metaopt's environment: {@code WANDB_MODE} (offline
 * unless the user chose another mode), {@code WANDB_BASE_URL}, and {@code WANDB_API_KEY} only when
 * that mode logs to a W&B server. An offline, dryrun or disabled run never talks to W&B (wandb's
 * {@code wandb/sdk/wandb_settings.py}, {@code Settings._offline}: mode in offline/dryrun;
 * {@code Settings._noop}: mode disabled), so the user's script never needs the key then.
 */
final class WandbVariables {
  /** What a trial runs in unless the user set {@code WANDB_MODE}: nothing leaves the machine. */
  static final String DEFAULT_MODE = "offline";

  /** Modes in which {@code wandb} makes no network call. */
  private static final Set<String> LOCAL_MODES = Set.of("offline", "dryrun", "disabled");

  private WandbVariables() {}

  /** The W&B variables of a trial, given metaopt's {@code environment}. */
  static Map<String, String> forTrial(Map<String, String> environment) {
    Map<String, String> env = new LinkedHashMap<>();
    String mode = environment.getOrDefault("WANDB_MODE", DEFAULT_MODE);
    env.put("WANDB_MODE", mode);
    if (environment.containsKey("WANDB_BASE_URL")) {
      env.put("WANDB_BASE_URL", environment.get("WANDB_BASE_URL"));
    }
    if (!LOCAL_MODES.contains(mode) && environment.containsKey("WANDB_API_KEY")) {
      env.put("WANDB_API_KEY", environment.get("WANDB_API_KEY"));
    }
    return env;
  }
}
