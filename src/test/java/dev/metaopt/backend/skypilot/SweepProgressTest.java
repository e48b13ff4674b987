package dev.metaopt.backend.skypilot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a remote sweep is over and when a run is hung, from W&B's answers alone. */
class SweepProgressTest {
  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
  private static final Duration IDLE = Duration.ofMinutes(15);
  private static final Duration DAY = Duration.ofDays(1);
  private static final Instant LAUNCHED = NOW.minus(Duration.ofHours(1));

  @Test
  void aRunWithAFreshHeartbeatButNoLogForTheIdleWindowIsHung() {
    // given: wandb-core heartbeats every 30 s even when the training loop is stuck
    WandbApi.Run stuck = run("running", NOW.minusSeconds(20), NOW.minus(Duration.ofMinutes(40)));
    WandbApi.Run busy = run("running", NOW.minusSeconds(20), NOW.minusSeconds(30));

    // then
    assertThat(SweepProgress.hung(stuck, NOW, IDLE)).isTrue();
    assertThat(SweepProgress.hung(busy, NOW, IDLE)).isFalse();
  }

  @Test
  void aRunWhoseHostStoppedHeartBeatingIsHung() {
    assertThat(SweepProgress.hung(run("running", NOW.minus(Duration.ofHours(2)),
        NOW.minusSeconds(30)), NOW, IDLE)).isTrue();
  }

  @Test
  void finishedButWithARunStillRunningIsNotOverYet() {
    // given: `wandb sweep --stop` sets FINISHED and lets active runs finish
    WandbApi.Sweep sweep = sweep("FINISHED", List.of(run("running", NOW, NOW)), true);

    // then
    assertThat(SweepProgress.judge(sweep, List.of(), LAUNCHED, NOW, IDLE, DAY).over()).isFalse();
    assertThat(SweepProgress.judge(sweep("FINISHED", List.of(run("finished", NOW, NOW)), true),
        List.of(), LAUNCHED, NOW, IDLE, DAY).over()).isTrue();
  }

  @Test
  void runningWithNoActiveRunAndNoLiveAgentIsOver() {
    // given: every agent died (no wandb on the node, say) while W&B still says RUNNING
    WandbApi.Sweep sweep = sweep("RUNNING", List.of(run("crashed", NOW, NOW)), false);

    // when
    SweepProgress.Verdict verdict = SweepProgress.judge(sweep, List.of(), LAUNCHED, NOW, IDLE,
        DAY);

    // then
    assertThat(verdict.over()).isTrue();
    assertThat(verdict.reason()).contains("no agent has sent a heartbeat for 15 min");
  }

  @Test
  void agentsGetTheIdleWindowToStartBeforeTheirAbsenceCounts() {
    WandbApi.Sweep empty = sweep("RUNNING", List.of(), false);

    assertThat(SweepProgress.judge(empty, List.of(), NOW.minus(Duration.ofMinutes(5)), NOW,
        IDLE, DAY).over()).isFalse();
  }

  @Test
  void maxSweepMinutesEndsARemoteSweepToo() {
    WandbApi.Sweep busy = sweep("RUNNING", List.of(run("running", NOW, NOW)), true);

    SweepProgress.Verdict verdict = SweepProgress.judge(busy, List.of(),
        NOW.minus(Duration.ofMinutes(61)), NOW, IDLE, Duration.ofMinutes(60));

    assertThat(verdict.over()).isTrue();
    assertThat(verdict.reason()).contains("compute.max_sweep_minutes (60) reached");
  }

  @Test
  void aRunningSweepWithALiveAgentGoesOn() {
    assertThat(SweepProgress.judge(sweep("RUNNING", List.of(), true), List.of(), LAUNCHED, NOW,
        IDLE, DAY).over()).isFalse();
  }

  private static WandbApi.Run run(String state, Instant heartbeat, Instant logged) {
    return new WandbApi.Run("r-" + state, state, "mo-x-1", Json.object().put("_timestamp",
        logged.getEpochSecond()), Json.object(), heartbeat, LAUNCHED);
  }

  private static WandbApi.Sweep sweep(String state, List<WandbApi.Run> runs, boolean agentAlive) {
    return new WandbApi.Sweep("sw1", state, runs, List.of(new WandbApi.Agent("mo-x-1",
        agentAlive ? NOW.minusSeconds(5) : NOW.minus(Duration.ofHours(1)))));
  }
}
