package dev.metaopt.backend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The smoke test's verdict on a command whose output is not clean UTF-8. */
class SmokeCommandTest {
  @TempDir Path dir;

  @Test
  void aFailureWhoseStderrIsLatin1QuotesItsLastLine() {
    // printf's octal escape writes the single byte 0xE9: "é" in Latin-1, malformed in UTF-8
    JsonNode result = SmokeTest.run("printf 'Fehler: caf\\351 nicht gefunden\\n' >&2; exit 2",
        dir, Map.of("PATH", "/usr/bin:/bin"), dir.resolve("logs"), Duration.ofSeconds(30));

    assertThat(result.path("exit_code").asInt()).isEqualTo(2);
    assertThat(result.path("failure").asText())
        .endsWith("exited with code 2: Fehler: caf\uFFFD nicht gefunden");
  }
}
