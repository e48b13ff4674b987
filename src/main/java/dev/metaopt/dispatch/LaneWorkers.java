package dev.metaopt.dispatch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.protocol.Lane;
import dev.metaopt.worker.Worker;
import java.util.Optional;

/** Looks up the in-process worker of a lane (empty when the campaign needs a command). */
@FunctionalInterface
public interface LaneWorkers {
  Optional<Worker> forLane(Lane lane, ObjectNode loadHandoff);

  /** No built-in workers at all: every lane must be configured with a command. */
  static LaneWorkers none() {
    return (lane, loadHandoff) -> Optional.empty();
  }
}
