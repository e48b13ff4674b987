package dev.metaopt.dispatch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** Looks up the in-process worker of a lane (empty when the campaign needs a command). */
@FunctionalInterface
public interface BuiltinWorkers {
  Optional<Worker> forLane(String lane, ObjectNode loadHandoff);

  /** No built-in workers at all: every lane must be configured with a command. */
  static BuiltinWorkers none() {
    return (lane, loadHandoff) -> Optional.empty();
  }
}
