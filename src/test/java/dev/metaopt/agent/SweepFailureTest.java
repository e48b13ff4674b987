package dev.metaopt.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The failed-sweep sentence quotes the trial's own error and where its log is. */
class SweepFailureTest {
  @Test
  void countsTheReasonsAndQuotesTheFirstErrorLineWithItsLog() {
    String poll = "{\"sweep_status\": \"failed\", \"trials\": ["
        + "{\"run_id\": \"s-t001\", \"state\": \"failed\", \"reason\": \"exit code 1\","
        + " \"error\": \"MemoryError: simulated OOM\", \"log\": \"/p/.ml-metaopt/t001/stderr.log\"},"
        + "{\"run_id\": \"s-t002\", \"state\": \"failed\", \"reason\": \"exit code 1\"},"
        + "{\"run_id\": \"s-t003\", \"state\": \"killed\", \"reason\": \"idle\"}]}";

    String text = SweepFailure.describe("s", AgentHarness.parse(poll), "val/loss");

    assertThat(text).isEqualTo("sweep s failed: none of its 3 trials finished with val/loss"
        + " (2 × exit code 1, 1 × idle). s-t001 ended with exit code 1: MemoryError: simulated"
        + " OOM (log: /p/.ml-metaopt/t001/stderr.log)");
  }

  @Test
  void aBackendStopExplanationComesFirst() {
    String poll = "{\"sweep_status\": \"failed\", \"stop_detail\": \"its first 3 trials all"
        + " failed the same way\", \"trials\": []}";

    assertThat(SweepFailure.describe("s", AgentHarness.parse(poll), "acc"))
        .isEqualTo("sweep s failed: its first 3 trials all failed the same way");
  }

  @Test
  void aBackendWithoutTrialRowsStillSaysWhatIsMissing() {
    assertThat(SweepFailure.describe("s", AgentHarness.parse("{}"), "acc"))
        .isEqualTo("sweep s failed: no run finished with acc");
  }
}
