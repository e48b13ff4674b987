package dev.metaopt.backend.skypilot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.orchestrator.SessionOutcome;
import dev.metaopt.state.MachineState;
import dev.metaopt.testing.ChildJvm;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A crash right after {@code wandb sweep} registered the sweep never leads to a second one. */
@Tag("e2e")
class SkyPilotCrashTest {
  @TempDir Path root;
  @RegisterExtension final SkyPilotFakes fakes = new SkyPilotFakes();
  private SkyPilotHarness project;

  @Test
  void aCrashRightAfterWandbSweepThenResumeCreatesNoSecondSweep() throws Exception {
    project = fakes.start(root, 2, new FakeWandbServer.Config(List.of(0.8, 0.85), 3, false));
    project.preflight();

    // when: metaopt dies (as by kill -9) between `wandb sweep` and recording its id ...
    try (ChildJvm child = ChildJvm.metaopt(
        List.of("-Dmetaopt.crashAt=after wandb sweep created@1"), project.env, "run",
        project.campaign.toString())) {
      assertThat(child.awaitExit()).isEqualTo(137);
    }
    // ... and the campaign is resumed
    SessionOutcome outcome = project.run();

    // then: one sweep per iteration, the first one found again by its name
    assertThat(outcome.machineState()).as(outcome.message()).isEqualTo(MachineState.COMPLETE);
    assertThat(project.calls("wandb")).filteredOn(c -> c.size() > 1 && c.get(0).equals("sweep")
        && !c.get(1).equals("--cancel")).hasSize(2);
    assertThat(project.stateJson().path("completed_iterations").get(0).path("sweep_id")
        .asText()).isEqualTo("sw000001");
  }
}
