package dev.metaopt.builtin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.protocol.Lane;

/**
 * A worker shipped in the jar: a pure, deterministic function from a task to an answer (same task
 * ⇒ same answer; randomness only from the task's {@code seed}). Run in-process by default and
 * exposed as {@code metaopt worker <lane>}.
 */
public interface BuiltinWorker {
  /** {@code IDEATION}, {@code SELECTION} or {@code ANALYSIS}. */
  Lane lane();

  /** The answer to {@code task}, shaped as the lane's result schema. */
  ObjectNode run(ObjectNode task);
}
