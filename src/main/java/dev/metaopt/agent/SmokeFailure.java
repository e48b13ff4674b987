package dev.metaopt.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.backend.ErrorLine;

/**
 * Why a smoke test failed, with the program's own last error line and the absolute path of the
 * full output: the backend's {@code failure} sentence when it gives one (the local backend
 * does), otherwise built from the exit code and the stderr tail any execution worker returns.
 */
final class SmokeFailure {
  private SmokeFailure() {}

  static String describe(AgentContext ctx, JsonNode smoke, String resultFile) {
    String failure = smoke.path("failure").asText("");
    if (failure.isEmpty()) {
      failure = "'" + ctx.campaign().project().smokeTestCommand()
          + "' exited with code " + smoke.path("exit_code").asInt()
          + ErrorLine.of(smoke.path("stderr_tail").asText(""))
              .or(() -> ErrorLine.of(smoke.path("stdout_tail").asText("")))
              .map(line -> ": " + line).orElse("");
    }
    JsonNode sampled = smoke.path("sampled_trial");
    String output;
    if (sampled.isObject() && !sampled.path("passed").asBoolean(true)
        && sampled.path("files").isTextual()) {
      output = sampled.path("files").asText();
    } else if (smoke.path("stderr_log").isTextual()) {
      output = smoke.path("stderr_log").asText();
    } else {
      output = ctx.layout().projectDir().resolve(resultFile).normalize().toString();
    }
    return failure + " (output: " + output + ")";
  }
}
