package dev.metaopt.dispatch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.backend.local.GpSearchModel;
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
 * The workers a fresh install uses: built-in ideation, selection and analysis for every campaign
 * (ideation and selection judging narrowing with the GP of every trial, {@link GpSearchModel});
 * as the execution lane, the campaign's backend ({@link ExecutionBackends}).
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
      Campaign.Compute compute = Campaign.Compute.from(loadHandoff.path("compute"));
      return Optional.of(new InProcessWorker(ExecutionBackends.describe(compute),
          ExecutionBackends.forCompute(compute, environment, clock)::handle));
    }
    return Builtins.forLane(lane, new GpSearchModel()).map(DefaultLaneWorkers::inProcess);
  }

  private static Worker inProcess(BuiltinWorker worker) {
    return new InProcessWorker("built-in " + worker.lane().wireName() + " worker", worker::run);
  }
}
