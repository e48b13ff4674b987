package dev.metaopt.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What a person watching a run reads: one line per trial start and end (metric and duration, or
 * the failure with the trial's own error line), rounded for people, each said once; and the live
 * status line built from the same numbers as {@code status}.
 */
class LiveLinesTest {
  private static final Instant NOW = Instant.parse("2026-11-29T10:01:12Z");

  /** A campaign in iteration 2 of 3 whose sweep was launched 72 s before {@link #NOW}. */
  private static JsonNode state(String direction, Double baseline) {
    return json("""
        {"machine_state": "WAIT_FOR_SWEEP", "current_iteration": 2,
         "objective_snapshot": {"metric": "val/loss", "direction": "%s"},
         "baseline": %s,
         "current_sweep": {"sweep_id": "local-abc", "launched_at": "2026-11-29T10:00:00Z",
                           "polls": 3, "sky_job_ids": ["a1", "a2"]}}
        """.formatted(direction, baseline == null ? "null" : "{\"value\": " + baseline + "}"));
  }

  private static JsonNode json(String text) {
    try {
      return Json.parse(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode poll(String trials) {
    return json("{\"run_cap\": 8, \"best_metric_value\": 0.22353552414707087,"
        + " \"trials\": [" + trials + "]}");
  }

  private static final String RUNNING = """
      {"run_id": "local-abc-t001", "state": "running", "duration_seconds": 3.0,
       "config": {"lr": 5.000000000000001E-4, "hidden": 32, "act": "relu"}}""";
  private static final String FINISHED = """
      {"run_id": "local-abc-t001", "state": "finished", "metric": 0.22353552414707087,
       "duration_seconds": 4.123, "config": {"lr": 5.000000000000001E-4}}""";
  private static final String FAILED = """
      {"run_id": "local-abc-t002", "state": "failed", "metric": null, "reason": "exit code 1",
       "error": "MemoryError: simulated OOM", "duration_seconds": 2.0, "config": {}}""";

  private static List<TrialLines.Line> next(TrialLines lines, JsonNode poll) {
    return lines.next(poll, SweepProgress.of(state("minimize", null), poll, NOW).orElseThrow());
  }

  @Test
  void aTrialIsToldWhenItStartsAndWhenItEndsOnceEach() {
    TrialLines lines = new TrialLines("val/loss");

    List<TrialLines.Line> started = next(lines, poll(RUNNING));
    List<TrialLines.Line> again = next(lines, poll(RUNNING));
    List<TrialLines.Line> ended = next(lines, poll(FINISHED));
    List<TrialLines.Line> endedAgain = next(lines, poll(FINISHED));

    assertThat(started).containsExactly(new TrialLines.Line(false,
        "trial local-abc-t001 started: lr=0.0005 hidden=32 act=relu"));
    assertThat(again).isEmpty();
    assertThat(ended).containsExactly(new TrialLines.Line(false,
        "trial local-abc-t001 finished: val/loss=0.2235 in 4.1s (sweep 1/8 done)"));
    assertThat(endedAgain).isEmpty();
  }

  @Test
  void aFailureIsAProblemLineQuotingTheTrialsOwnErrorLine() {
    TrialLines lines = new TrialLines("val/loss");

    List<TrialLines.Line> said = next(lines, poll(FAILED));

    assertThat(said).containsExactly(new TrialLines.Line(true, "trial local-abc-t002 failed"
        + " after 2.0s: exit code 1 — MemoryError: simulated OOM (sweep 1/8 done)"));
  }

  @Test
  void trialsEndingInOnePollAreCountedOneByOne() {
    TrialLines lines = new TrialLines("val/loss");

    List<TrialLines.Line> said = next(lines, poll(FINISHED + "," + FAILED));

    assertThat(said).extracting(TrialLines.Line::text)
        .anySatisfy(text -> assertThat(text).startsWith("trial local-abc-t001 finished")
            .endsWith("(sweep 1/8 done)"))
        .anySatisfy(text -> assertThat(text).startsWith("trial local-abc-t002 failed")
            .endsWith("(sweep 2/8 done)"));
  }

  @Test
  void trialsOfAPollSeenBeforeTheSessionAreNotToldAgain() {
    // given: the previous session saw t001 running and t002 failed, then was interrupted
    TrialLines lines = new TrialLines("val/loss");
    lines.alreadyTold(poll(RUNNING + "," + FAILED));

    // when: the resumed session polls and t001 has ended meanwhile
    List<TrialLines.Line> said = next(lines, poll(FINISHED + "," + FAILED));

    // then: only the news
    assertThat(said).extracting(TrialLines.Line::text).singleElement().asString()
        .startsWith("trial local-abc-t001 finished: val/loss=0.2235");
  }

  @Test
  void theStatusLineDuringASweepHasCountsBothBestsTimeAndEstimate() {
    // given: t001 took 40 s, t002 runs for 10 s, 6 more to start, two agents
    JsonNode poll = json("""
        {"run_cap": 8, "best_metric_value": 0.22353552414707087, "trials": [
          {"run_id": "t1", "state": "finished", "metric": 0.2235, "duration_seconds": 40},
          {"run_id": "t2", "state": "running", "duration_seconds": 10},
          {"run_id": "t3", "state": "failed", "duration_seconds": 40}]}""");
    JsonNode state = state("minimize", 0.25);
    Optional<SweepProgress> progress = SweepProgress.of(state, poll, NOW);

    String line = StatusLine.of(state, progress, 3);

    // (5 to start × 40 s + 30 s still to go) / 2 agents = 115 s
    assertThat(line).isEqualTo("iter 2/3 · sweep 2/8 done, 1 running, 1 failed · sweep best"
        + " 0.2235 · campaign best 0.2235 · 1m12s · ~1m55s left");
  }

  @Test
  void theCampaignBestFollowsTheObjectivesDirection() {
    assertThat(StatusLine.campaignBest(state("minimize", 0.25), 0.3)).contains(0.25);
    assertThat(StatusLine.campaignBest(state("maximize", 0.25), 0.3)).contains(0.3);
    assertThat(StatusLine.campaignBest(state("maximize", null), 0.3)).contains(0.3);
    assertThat(StatusLine.campaignBest(state("maximize", null), null)).isEmpty();
  }

  @Test
  void betweenSweepsTheLineSaysWhatTheCampaignIsDoing() {
    JsonNode state = json("""
        {"machine_state": "LOCAL_SANITY", "current_iteration": 1,
         "objective_snapshot": {"metric": "acc", "direction": "maximize"}, "baseline": null}""");

    assertThat(StatusLine.of(state, Optional.empty(), 0)).isEqualTo("iter 1 · smoke test");
  }
}
