package dev.metaopt.backend.skypilot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metaopt.ExitCode;
import dev.metaopt.MetaoptException;
import dev.metaopt.backend.TrialRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runs of a remote sweep, read through the (loopback fake) W&B API for people. */
class WandbTrialsTest {
  @TempDir Path state;

  @Test
  void readsEveryRunWithConfigSummaryStateAndRunPage() throws Exception {
    // given: a sweep the fake API simulates with two runs (its config a YAML string, as W&B
    // stores what wandb sweep sent)
    Files.createDirectories(state.resolve("sweeps"));
    Files.writeString(state.resolve("sweeps/sw1.json"), """
        {"id": "sw1", "displayName": null, "state": "RUNNING", "config": "command:\\n- ${env}\\n\
        - python\\n- train.py\\n- ${args}\\nmetric:\\n  goal: maximize\\n  name: val/accuracy\\n\
        name: metaopt-k\\n"}
        """);
    try (FakeWandbServer server = new FakeWandbServer(state,
        new FakeWandbServer.Config(List.of(0.8), 2, false))) {
      Map<String, String> env = Map.of("WANDB_BASE_URL", server.baseUrl(),
          "WANDB_API_KEY", "k");
      WandbTrials.read(env, "ent", "proj", "sw1", "val/accuracy"); // step 1: one run running

      // when: step 2: the first run finished, the second running
      List<TrialRecord> trials = WandbTrials.read(env, "ent", "proj", "sw1", "val/accuracy");

      // then
      assertThat(trials).extracting(TrialRecord::runId).containsExactly("sw1-run0", "sw1-run1");
      TrialRecord first = trials.get(0);
      assertThat(first.state()).isEqualTo("finished");
      assertThat(first.objective()).isEqualTo(0.8);
      assertThat(first.config().get("lr").asDouble()).isEqualTo(0.001);
      assertThat(first.url()).isEqualTo(server.baseUrl() + "/ent/proj/runs/sw1-run0");
      assertThat(trials.get(1).state()).isEqualTo("running");
      assertThat(trials.get(1).objective()).isNull();
      assertThat(server.authorizations).allMatch(a -> a.startsWith("Basic "));
    }
  }

  @Test
  void anUnreachableApiIsAnIoErrorNamingTheSweep() {
    // given: nothing listens on this port
    Map<String, String> env = Map.of("WANDB_BASE_URL", "http://127.0.0.1:9");

    // when / then
    assertThatThrownBy(() -> WandbTrials.read(env, "ent", "proj", "sw1", "m"))
        .isInstanceOf(MetaoptException.class)
        .hasMessageContaining("ent/proj/sw1").hasMessageContaining("WANDB_API_KEY")
        .extracting(e -> ((MetaoptException) e).exitCode()).isEqualTo(ExitCode.IO_ERROR);
  }
}
