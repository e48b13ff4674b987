package dev.metaopt.orchestrator;

import dev.metaopt.dispatch.DefaultLaneWorkers;
import dev.metaopt.dispatch.DispatchingWorkExecutor;
import dev.metaopt.dispatch.WorkExecutor;
import dev.metaopt.io.ProjectLayout;
import java.time.Clock;

/** The work executors a real session uses. */
final class WorkExecutors {
  private WorkExecutors() {}

  static WorkExecutor.Factory standard(ProjectLayout layout) {
    return loadHandoff -> new DispatchingWorkExecutor(layout, loadHandoff,
        new DefaultLaneWorkers(System.getenv(), Clock.systemUTC()), System.getenv());
  }
}
