package dev.metaopt.backend;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.io.ProgramOutput;
import dev.metaopt.json.Json;
import dev.metaopt.protocol.Operation;
import dev.metaopt.worker.MinimalEnvironment;
import dev.metaopt.worker.ProcessResult;
import dev.metaopt.worker.ProcessRunner;
import dev.metaopt.worker.ProcessSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The 60-second smoke test: the user's own {@code smoke_test_command} (trusted, so it runs through
 * {@code /bin/sh -c} like a command typed in a terminal). Exit 0 in time passes; still running at
 * the limit without having crashed also passes (and is killed with its process tree); a non-zero
 * exit before the limit fails.
 */
public final class SmokeTest {
  /** The contract's limit; not configurable. */
  public static final Duration LIMIT = Duration.ofSeconds(60);
  private static final int TAIL_LINES = 200;

  private SmokeTest() {}

  /**
   * Runs the smoke test an execution task asks for: its {@code command} in {@code project_dir},
   * logs under {@code metaopt_dir/logs}, with the minimal child environment.
   */
  public static ObjectNode forTask(ObjectNode task, Map<String, String> environment,
      Duration limit) {
    Path metaopt = Path.of(task.path("metaopt_dir").asText());
    Map<String, String> env = MinimalEnvironment.from(environment);
    env.put("PYTHONUNBUFFERED", "1"); // output cut off at the limit is still in the tails
    return run(task.path("command").asText(), Path.of(task.path("project_dir").asText()),
        env, metaopt.resolve("logs"), limit);
  }

  static ObjectNode run(String command, Path projectDir, Map<String, String> env, Path logDir,
      Duration limit) {
    ObjectNode result = Json.object();
    result.put("operation", Operation.RUN_SMOKE_TEST.wireName());
    Path stderr = logDir.resolve("smoke-test.stderr.log");
    try {
      Files.createDirectories(logDir);
      Files.deleteIfExists(stderr);
      ProcessResult run = ProcessRunner.run(new ProcessSpec(List.of("/bin/sh", "-c", command),
          projectDir, env, "", stderr, limit));
      result.put("exit_code", run.timedOut() ? 124 : run.exitCode());
      result.put("timed_out", run.timedOut());
      result.put("passed", run.timedOut() || run.exitCode() == 0);
      result.put("duration_seconds", run.duration().toMillis() / 1000.0);
      result.put("stdout_tail", tail(run.stdout()));
      result.put("stderr_tail", tail(ProgramOutput.read(stderr)));
      if (!result.path("passed").asBoolean()) {
        result.put("failure", "'" + command + "' exited with code " + run.exitCode()
            + ErrorLine.of(result.path("stderr_tail").asText())
                .or(() -> ErrorLine.of(result.path("stdout_tail").asText()))
                .map(line -> ": " + line).orElse(" and printed no error"));
      }
    } catch (IOException e) {
      result.put("exit_code", 127);
      result.put("timed_out", false);
      result.put("passed", false);
      result.put("duration_seconds", 0.0);
      result.put("stdout_tail", "");
      result.put("stderr_tail", "could not start /bin/sh: " + e.getMessage());
      result.put("failure", "could not start /bin/sh: " + e.getMessage());
    }
    result.put("stderr_log", stderr.toAbsolutePath().toString());
    return result;
  }

  private static String tail(String text) {
    List<String> lines = text.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
  }
}
