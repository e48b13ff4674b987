package dev.metaopt.orchestrator;

import dev.metaopt.dispatch.BuiltinWorkers;
import dev.metaopt.dispatch.DispatchingWorkExecutor;
import dev.metaopt.io.ProjectLayout;

/** The work executors a real session uses. */
final class WorkExecutors {
  private WorkExecutors() {}

  static WorkExecutor.Factory standard(ProjectLayout layout) {
    return loadHandoff -> new DispatchingWorkExecutor(layout, loadHandoff, BuiltinWorkers.none(),
        System.getenv());
  }
}
