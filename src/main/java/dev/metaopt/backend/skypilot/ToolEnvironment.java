package dev.metaopt.backend.skypilot;

import dev.metaopt.worker.MinimalEnvironment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each tool gets from metaopt's environment, and nothing more. {@code sky} gets the base
 * variables, {@code SKYPILOT_*} (API server endpoint, config) and the cloud credential variables
 * SkyPilot reads; the W&B key only for a launch, where {@code --secret WANDB_API_KEY} reads it,
 * so the API server a {@code sky} call may start never holds it. {@code wandb} gets
 * {@code WANDB_*} except the settings that silence {@code termlog} (WANDB_SILENT, WANDB_QUIET,
 * WANDB_SHOW_INFO: wandb/errors/term.py), since the sweep id is read from what it prints.
 */
public final class ToolEnvironment {
  private static final List<String> CLOUD_PREFIXES = List.of("SKYPILOT_", "AWS_", "GOOGLE_",
      "CLOUDSDK_", "AZURE_", "RUNPOD_");
  private static final List<String> SILENCERS = List.of("WANDB_SILENT", "WANDB_QUIET",
      "WANDB_SHOW_INFO");

  private ToolEnvironment() {}

  /** For {@code sky}: base, SKYPILOT_*, cloud credentials. */
  public static Map<String, String> sky(Map<String, String> environment) {
    Map<String, String> env = new LinkedHashMap<>(MinimalEnvironment.from(environment));
    environment.forEach((name, value) -> {
      if (name.equals("KUBECONFIG") || CLOUD_PREFIXES.stream().anyMatch(name::startsWith)) {
        env.put(name, value);
      }
    });
    return env;
  }

  /** For {@code sky launch}: as {@link #sky} plus the W&B key its {@code --secret} reads. */
  public static Map<String, String> skyLaunch(Map<String, String> environment) {
    Map<String, String> env = sky(environment);
    if (environment.containsKey("WANDB_API_KEY")) {
      env.put("WANDB_API_KEY", environment.get("WANDB_API_KEY"));
    }
    return env;
  }

  /** For {@code wandb}: base and WANDB_* except what silences its output. */
  public static Map<String, String> wandb(Map<String, String> environment) {
    Map<String, String> env = new LinkedHashMap<>(MinimalEnvironment.from(environment));
    environment.forEach((name, value) -> {
      if (name.startsWith("WANDB_") && !SILENCERS.contains(name)) {
        env.put(name, value);
      }
    });
    return env;
  }
}
