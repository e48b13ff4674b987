package dev.metaopt.backend;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An execution backend: answers one execution task ({@code run_smoke_test}, {@code launch_sweep},
 * {@code poll_sweep} or {@code stop_sweep}) with the operation's result document. Calls return
 * promptly; sweeps run between polls, outside metaopt's process.
 */
@FunctionalInterface
public interface ExecutionBackend {
  ObjectNode handle(ObjectNode task);
}
