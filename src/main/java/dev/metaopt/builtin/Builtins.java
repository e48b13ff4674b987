package dev.metaopt.builtin;

import java.util.Map;
import java.util.Optional;

/** The built-in workers by lane. */
public final class Builtins {
  private static final Map<String, BuiltinWorker> BY_LANE = Map.of(
      "ideation", new IdeationWorker(),
      "selection", new SelectionWorker(),
      "analysis", new AnalysisWorker());

  private Builtins() {}

  public static Optional<BuiltinWorker> forLane(String lane) {
    return Optional.ofNullable(BY_LANE.get(lane));
  }
}
