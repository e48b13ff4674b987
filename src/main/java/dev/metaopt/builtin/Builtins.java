package dev.metaopt.builtin;

import dev.metaopt.protocol.Lane;
import java.util.Map;
import java.util.Optional;

/** The built-in workers by lane. */
public final class Builtins {
  private static final Map<Lane, BuiltinWorker> BY_LANE = Map.of(
      Lane.IDEATION, new IdeationWorker(),
      Lane.SELECTION, new SelectionWorker(),
      Lane.ANALYSIS, new AnalysisWorker());

  private Builtins() {}

  public static Optional<BuiltinWorker> forLane(Lane lane) {
    return Optional.ofNullable(BY_LANE.get(lane));
  }

  /** The built-in worker of {@code lane}, ideation and selection asking {@code model}. */
  public static Optional<BuiltinWorker> forLane(Lane lane, SearchModel model) {
    return switch (lane) {
      case IDEATION -> Optional.of(new IdeationWorker(model));
      case SELECTION -> Optional.of(new SelectionWorker(model));
      default -> forLane(lane);
    };
  }
}
