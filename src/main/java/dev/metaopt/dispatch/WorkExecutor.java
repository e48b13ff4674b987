package dev.metaopt.dispatch;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Runs the work a handoff asks for: worker launch requests (ideation, selection, analysis) and
 * execution-lane directives (smoke test, launch, poll, stop). Each call writes the request's
 * {@code result_file} only after the output passed its schema, or reports why it could not.
 */
public interface WorkExecutor {
  /** Builds the executor for a campaign once its load handoff (workers, compute) is known. */
  @FunctionalInterface
  interface Factory {
    WorkExecutor create(ObjectNode loadHandoff);
  }

  /** Outcome of one request: {@code failure} is null on success. */
  record Outcome(String failure) {
    public static Outcome ok() {
      return new Outcome(null);
    }

    public static Outcome failed(String failure) {
      return new Outcome(failure);
    }

    public boolean succeeded() {
      return failure == null;
    }
  }

  /** Dispatches the worker named by a launch request. */
  Outcome launch(ObjectNode launchRequest);

  /** Executes an execution-lane directive ({@code run_smoke_test}, {@code launch_sweep}, ...). */
  Outcome execute(ObjectNode directive);
}
