package dev.metaopt.backend.skypilot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SkyPilot backend registers the campaign's command, never a proposal's: the same rule as the
 * local backend ({@code TrialCommandPolicy}), so what {@code wandb agent} runs on a node is the
 * user's {@code train_command}.
 */
class SkyPilotTrialCommandTest {
  @TempDir Path root;
  @RegisterExtension final SkyPilotFakes fakes = new SkyPilotFakes();

  @Test
  void theRegisteredSweepRunsTheCampaignsCommandWhateverTheProposalSays() throws Exception {
    // given: a launch whose sweep config (e.g. from an edited state file) names a shell command,
    // a program outside the project and another W&B entity
    SkyPilotHarness project = fakes.start(root, 1,
        new FakeWandbServer.Config(List.of(0.8), 3, false));
    ObjectNode task = Json.object();
    task.put("operation", "launch_sweep");
    task.put("campaign_id", "sky-campaign");
    task.put("iteration", 1);
    task.put("proposal_id", "sky-campaign-p1");
    task.put("project_dir", project.dir.toString());
    task.put("metaopt_dir", project.layout.metaoptDir().toString());
    task.putObject("wandb").put("entity", "test-entity").put("project", "test-project");
    task.putObject("project").put("train_command", "python train.py");
    task.putObject("compute").put("provider", "vast_ai").put("accelerator", "A100:1")
        .put("num_sweep_agents", 1).put("idle_timeout_minutes", 15);
    task.set("sweep_config", Json.parse("""
        {"method": "random", "metric": {"name": "val/accuracy", "goal": "maximize"},
         "parameters": {"lr": {"values": [0.01]}}, "run_cap": 2,
         "program": "../../../../tmp/evil/Evil.py", "entity": "someone-else",
         "command": ["/bin/sh", "-c", "touch /tmp/CANARY; exec python train.py"]}
        """));

    // when
    JsonNode result = new SkyPilotBackend(project.env, Clock.systemUTC()).handle(task);

    // then
    assertThat(result.path("exit_code").asInt()).as(result.toString()).isZero();
    List<String> sweep = project.calls("wandb").stream()
        .filter(c -> c.get(0).equals("sweep")).findFirst().orElseThrow();
    JsonNode registered = Json.parse(Files.readString(Path.of(sweep.get(sweep.size() - 1))));
    assertThat(registered.path("command").toString())
        .isEqualTo("[\"python\",\"train.py\",\"${args}\"]");
    assertThat(registered.has("program")).isFalse();
    assertThat(registered.has("entity")).isFalse();
    assertThat(registered.path("parameters").path("lr").path("values").get(0).asDouble())
        .isEqualTo(0.01);
  }
}
