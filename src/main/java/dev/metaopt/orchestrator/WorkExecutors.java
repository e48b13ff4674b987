package dev.metaopt.orchestrator;

import dev.metaopt.io.ProjectLayout;

/** The work executors a real session uses. */
final class WorkExecutors {
  private WorkExecutors() {}

  static WorkExecutor.Factory standard(ProjectLayout layout) {
    return loadHandoff -> new WorkExecutor() {
      @Override
      public Outcome launch(com.fasterxml.jackson.databind.node.ObjectNode request) {
        return Outcome.failed("worker dispatch is not wired yet");
      }

      @Override
      public Outcome execute(com.fasterxml.jackson.databind.node.ObjectNode directive) {
        return Outcome.failed("execution dispatch is not wired yet");
      }
    };
  }
}
