package dev.metaopt.backend.skypilot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a sweep has cost so far, the larger of what SkyPilot reports and a floor, never less than
 * what an earlier poll reported: {@code sky cost-report --all} for the sweep's clusters (every
 * agent ever started, the failed ones too), each charged the larger of its estimate and hours up
 * × hourly price ({@link CostReport}); and metaopt's own clock, hours since launch × agents ×
 * {@code compute.cost_per_hour_usd}, which is all there is for managed jobs (their clusters belong
 * to the jobs controller and are not in the user's cost report) and for a provider that reports
 * no price.
 */
final class Spend {
  private static final Logger log = LoggerFactory.getLogger(Spend.class);

  private Spend() {}

  static double of(BackendContext ctx, LaunchRecord record, Instant now) {
    double rate = ctx.settings.compute().costPerHourUsd();
    List<String> agents = new ArrayList<>(record.attempted);
    record.clusters.stream().filter(c -> !agents.contains(c)).forEach(agents::add);
    double reported = 0;
    if (!record.managed && !agents.isEmpty()) {
      Cli.Result report = ctx.sky.run(ctx.limits.quick(), List.of("sky", "cost-report",
          "--all"));
      if (report.ok()) {
        reported = CostReport.spend(CostReport.parse(report.output()), agents, rate);
      } else {
        log.warn("sky cost-report --all failed; spend this poll from metaopt's own clock");
      }
    }
    double total = Math.max(Math.max(reported, ownClock(record, agents.size(), rate, now)),
        record.spendUsd);
    record.spendUsd = total;
    return total;
  }

  private static double ownClock(LaunchRecord record, int agents, double rate, Instant now) {
    if (record.launchedAt == null || rate <= 0) {
      return 0;
    }
    Instant end = record.downAt == null ? now : Instant.parse(record.downAt);
    double hours = Math.max(0, Duration.between(Instant.parse(record.launchedAt), end)
        .toMillis() / 3_600_000.0);
    return hours * agents * rate;
  }
}
