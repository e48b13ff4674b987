package dev.metaopt.backend.skypilot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Takes agents down and says which are still up. {@code sky down} reports a failed termination
 * on its output and still exits 0 (command.py _down_or_stop_clusters), so neither its exit code
 * nor its text is trusted: one {@code sky down -y c1 … cN} is followed by
 * {@code sky status --refresh c1 … cN}, and every cluster it still lists is still up. Managed jobs
 * (spot agents) are cancelled by name with {@code sky jobs cancel -y -n NAME}.
 */
final class Teardown {
  private static final List<String> STATUS_COLUMNS = List.of("NAME", "STATUS");

  private final Cli sky;
  private final Duration downTimeout;
  private final Duration quickTimeout;

  Teardown(Cli sky, Duration downTimeout, Duration quickTimeout) {
    this.sky = sky;
    this.downTimeout = downTimeout;
    this.quickTimeout = quickTimeout;
  }

  /** Takes {@code names} down; returns those not confirmed gone (to retry later). */
  List<String> down(List<String> names, boolean managed) {
    if (names.isEmpty()) {
      return List.of();
    }
    if (managed) {
      List<String> left = new ArrayList<>();
      for (String name : names) {
        if (!sky.run(quickTimeout, List.of("sky", "jobs", "cancel", "-y", "-n", name)).ok()) {
          left.add(name);
        }
      }
      return left;
    }
    List<String> argv = new ArrayList<>(List.of("sky", "down", "-y"));
    argv.addAll(names);
    sky.run(downTimeout, argv);
    return status(names, true).map(live -> names.stream().filter(live::containsKey).toList())
        .orElse(names);
  }

  /**
   * {@code sky status [--refresh] names}: the STATUS of each named cluster that exists; empty
   * when the command itself failed (nothing can be concluded).
   */
  Optional<Map<String, String>> status(List<String> names, boolean refresh) {
    List<String> argv = new ArrayList<>(List.of("sky", "status"));
    if (refresh) {
      argv.add("--refresh");
    }
    argv.addAll(names);
    Cli.Result result = sky.run(quickTimeout, argv);
    if (!result.ok()) {
      return Optional.empty();
    }
    Map<String, String> statuses = new java.util.LinkedHashMap<>();
    SkyTable.rows(result.output(), STATUS_COLUMNS).forEach((name, row) -> {
      if (names.contains(name)) {
        statuses.put(name, row.get("STATUS"));
      }
    });
    return Optional.of(statuses);
  }
}
