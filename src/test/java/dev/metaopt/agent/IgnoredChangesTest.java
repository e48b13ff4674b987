package dev.metaopt.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.state.MachineState;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run of a finished campaign says of the campaign-file changes it did not act on. */
class IgnoredChangesTest {
  @TempDir Path dir;

  @Test
  void aCompleteCampaignNamesWhatStillStopsItAsTheFileNowIsNotWhatStoppedItThen() {
    // given: stopped at iteration 20 of max_iterations 20, also 5 iterations without improvement
    AgentHarness harness = new AgentHarness(dir);
    ObjectNode state = harness.state(MachineState.COMPLETE);
    state.put("current_iteration", 20);
    state.put("no_improve_iterations", 5);
    ObjectNode before = harness.load.deepCopy();
    // and then only max_iterations raised (max_no_improve_iterations is still 5)
    ((ObjectNode) harness.load.path("stop_conditions")).put("max_iterations", 30);

    // when
    String notice = IgnoredChanges.describe(before, harness.load, state).orElseThrow();

    // then
    assertThat(notice).isEqualTo("changed stop_conditions.max_iterations ignored: the campaign"
        + " is COMPLETE and this change does not reopen it (still stopped by"
        + " max_no_improve_iterations; to go on, raise stop_conditions.max_no_improve_iterations)");
  }

  @Test
  void nothingIsSaidWhenNoFieldChanged() {
    AgentHarness harness = new AgentHarness(dir);
    ObjectNode state = harness.state(MachineState.COMPLETE);

    assertThat(IgnoredChanges.describe(harness.load.deepCopy(), harness.load, state)).isEmpty();
  }
}
