package dev.metaopt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.json.Json;
import dev.metaopt.testing.CliRun;
import dev.metaopt.testing.Python;
import dev.metaopt.worker.MinimalEnvironment;
import dev.metaopt.worker.ProcessResult;
import dev.metaopt.worker.ProcessRunner;
import dev.metaopt.worker.ProcessSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples of plugging AI agents in as workers are valid and runnable. */
class AgentWorkerExampleTest {
  static final Path EXAMPLE = Path.of("examples/agent-workers");

  @TempDir Path dir;

  @Test
  void theExampleCampaignIsValid() {
    CliRun result = FakeProject.cli("validate",
        EXAMPLE.resolve("ml_metaopt_campaign.yaml").toString());
    assertThat(result.code()).as(result.out()).isZero();
  }

  @Test
  void theAgentCliWrapperTurnsAChattyAgentAnswerIntoOneJsonObject() throws Exception {
    // given: a stand-in agent CLI that talks before and after its JSON, and gets the prompt
    Path agent = dir.resolve("agent.sh");
    Files.writeString(agent, "#!/bin/sh\ncase \"$1\" in *'metaopt ideation worker'*) ;;"
        + " *) exit 9 ;; esac\necho 'Here you go:'\necho '{\"status\": \"completed\","
        + " \"summary\": \"s\", \"proposal_candidates\": []}'\necho 'Good luck!'\n");
    agent.toFile().setExecutable(true);
    Map<String, String> env = new HashMap<>(MinimalEnvironment.from(System.getenv()));
    env.put("AGENT_CMD", Json.compact(Json.toTree(List.of(agent.toString()))));
    String task = "{\"lane\": \"ideation\", \"result_schema\": \"worker-ideation\","
        + " \"instructions\": [\"propose one sweep\"]}";

    // when
    ProcessResult result = ProcessRunner.run(new ProcessSpec(List.of(
        Python.executable().toString(),
        EXAMPLE.resolve("agent_cli_worker.py").toAbsolutePath().toString()), dir, env, task,
        null, Duration.ofSeconds(60)));

    // then
    assertThat(result.exitCode()).isZero();
    assertThat(Json.parse(result.stdout()).path("status").asText()).isEqualTo("completed");
  }
}
