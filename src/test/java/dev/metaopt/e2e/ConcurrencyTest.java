package dev.metaopt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.json.Json;
import dev.metaopt.testing.ChildJvm;
import dev.metaopt.testing.CliRun;
import dev.metaopt.testing.FileEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One orchestrator per project; status is always readable while a run writes. */
@Tag("e2e")
class ConcurrencyTest {
  private static final Duration MAX_WAIT = Duration.ofMinutes(2);

  @TempDir Path dir;

  @Test
  void aSecondRunIsRefusedAndStatusKeepsWorkingWhileTheFirstWrites() throws Exception {
    // given: a campaign that polls its sweep without end, run in another JVM
    FakeProject project = FakeProject.create(dir, """
        stop_conditions:
          max_iterations: 2
          max_no_improve_iterations: 2
        """, "{\"execution\": {\"polls_before_complete\": 1000000}}");
    project.write("ml_metaopt_campaign.yaml", Files.readString(project.campaign)
        .replace("poll_interval_seconds: 0", "poll_interval_seconds: 0.05"));
    project.writeReadyPreflight();
    Path ledger = project.layout.ledgerFile();
    // its output kept, so a wait that fails can say how the first run ended, if it did
    Path out = dir.resolve("first.out");
    Path err = dir.resolve("first.err");
    try (ChildJvm first = ChildJvm.inOwnProcessGroup(out, err, "run",
        project.campaign.toString())) {
      awaitWhileRunning(first, err, () -> Files.exists(project.layout.stateFile()), project);

      // when: a second run starts, and status is read each time the first has written again
      CliRun second = project.run();
      for (int reads = 0; reads < 10; reads++) {
        long written = size(ledger);
        awaitWhileRunning(first, err, () -> size(ledger) > written, project);
        CliRun status = FakeProject.cli("status", "-C", dir.toString(), "--json");
        assertThat(status.code()).as(status.toString()).isZero();
        assertThat(Json.parse(status.out()).path("status").asText()).isNotEmpty();
      }

      // then
      assertThat(first.isAlive()).as("the first run went on writing").isTrue();
      assertThat(second.code()).isEqualTo(8);
      assertThat(second.err()).contains("another metaopt process (pid " + first.pid() + ")");
    }
  }

  /** Waits for {@code condition}; a failure says whether the first run was still running. */
  private static void awaitWhileRunning(ChildJvm first, Path err, BooleanSupplier condition,
      FakeProject project) throws Exception {
    try {
      FileEvents.await(project.layout.metaoptDir(), condition, MAX_WAIT);
    } catch (AssertionError e) {
      String log = Files.exists(err) ? Files.readString(err) : "";
      throw new AssertionError(e.getMessage() + "; the first run " + (first.isAlive()
          ? "was still running" : "had exited with " + first.exitValue()) + "; its stderr ends: "
          + log.substring(Math.max(0, log.length() - 2000))
          + (first.isAlive() ? "\n" + first.diagnose() : ""), e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0;
    }
  }
}
