package dev.metaopt.dispatch;

import dev.metaopt.backend.ExecutionBackend;
import dev.metaopt.backend.local.LocalBackend;
import dev.metaopt.backend.skypilot.SkyPilotBackend;
import dev.metaopt.campaign.Campaign;
import java.time.Clock;
import java.util.Map;

/** Which execution backend serves a campaign: the one place the provider decides it. */
public final class ExecutionBackends {
  private ExecutionBackends() {}

  /** The embedded local backend for {@code provider: local}, SkyPilot + W&B for any other. */
  public static ExecutionBackend forCompute(Campaign.Compute compute,
      Map<String, String> environment, Clock clock) {
    return compute.isLocal() ? new LocalBackend(environment, clock)
        : new SkyPilotBackend(environment, clock);
  }

  /** How the backend is named in messages. */
  public static String describe(Campaign.Compute compute) {
    return compute.isLocal() ? "built-in local backend" : "built-in SkyPilot + W&B backend";
  }
}
