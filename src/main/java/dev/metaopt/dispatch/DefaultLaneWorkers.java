package dev.metaopt.dispatch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.backend.local.LocalBackend;
import dev.metaopt.backend.skypilot.SkyPilotBackend;
import dev.metaopt.builtin.BuiltinWorker;
import dev.metaopt.builtin.Builtins;
import dev.metaopt.campaign.Campaign;
import dev.metaopt.protocol.Lane;
import dev.metaopt.worker.InProcessWorker;
import dev.metaopt.worker.Worker;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The workers a fresh install uses: built-in ideation, selection and analysis for every campaign;
 * as the execution lane, the embedded local backend for {@code compute.provider: local} and the
 * SkyPilot + W&B backend for any other provider.
 */
public final class DefaultLaneWorkers implements LaneWorkers {
  private final Map<String, String> environment;
  private final Clock clock;

  public DefaultLaneWorkers(Map<String, String> environment, Clock clock) {
    this.environment = Map.copyOf(environment);
    this.clock = clock;
  }

  @Override
  public Optional<Worker> forLane(Lane lane, ObjectNode loadHandoff) {
    if (lane == Lane.EXECUTION) {
      boolean local = Campaign.Compute.from(loadHandoff.path("compute")).isLocal();
      return Optional.of(local
          ? new InProcessWorker("built-in local backend",
              new LocalBackend(environment, clock)::handle)
          : new InProcessWorker("built-in SkyPilot + W&B backend",
              new SkyPilotBackend(environment, clock)::handle));
    }
    return Builtins.forLane(lane).map(DefaultLaneWorkers::inProcess);
  }

  private static Worker inProcess(BuiltinWorker worker) {
    return new InProcessWorker("built-in " + worker.lane().wireName() + " worker", worker::run);
  }
}
