package dev.metaopt.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The idle watchdog against trials that work but look silent: time is a clock the test moves,
 * and the trial says when it has printed (a marker file) and waits for a release file to end.
 */
class TrialWatchdogTest {
  /** Prints one metric line without flushing, signals it, then waits to be released. */
  static final String BUFFERED_TRIAL = """
      import json, os, sys, time
      args = dict(a[2:].split("=", 1) for a in sys.argv[1:] if a.startswith("--"))
      if args.get("mode") == "buffered":
          print(json.dumps({"score": 0.5, "_step": 0}))
      open("printed", "w").close()
      for _ in range(1200):
          if os.path.exists("release"):
              break
          time.sleep(0.1)
      print(json.dumps({"score": 0.7, "_step": 1}))
      """;

  @TempDir Path project;
  @RegisterExtension final LocalSweeps sweeps = LocalSweeps.oneAgent(() -> project,
      BUFFERED_TRIAL);
  private String sweepId;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void setUp() {
    logs.start();
    ((Logger) LoggerFactory.getLogger(SweepRunner.class)).addAppender(logs);
  }

  @AfterEach
  void tearDown() {
    ((Logger) LoggerFactory.getLogger(SweepRunner.class)).detachAppender(logs);
  }

  @Test
  void aTrialThatPrintsWithoutFlushingIsNotKilledAsIdle() throws Exception {
    // given: a trial printed a metric line without flush and then worked on, silently
    launch("buffered");
    waitFor(project.resolve("printed"));

    // when: more than idle_timeout_minutes pass before the next poll
    sweeps.clock.advance(Duration.ofMinutes(6));
    JsonNode poll = poll();

    // then: its line reached stdout.log (PYTHONUNBUFFERED), so it is alive, not idle
    assertThat(poll.path("trials").get(0).path("state").asText()).isEqualTo("running");
    Files.createFile(project.resolve("release"));
    JsonNode done = pollUntilDone();
    assertThat(done.path("trials").get(0).path("state").asText()).isEqualTo("finished");
    assertThat(done.path("best_metric_value").asDouble()).isEqualTo(0.7);
  }

  @Test
  void aTrialSilentPastTheGracePeriodIsWarnedAboutOnceAndKeepsRunning() throws Exception {
    // given: a trial that has printed nothing yet
    launch("quiet");
    waitFor(project.resolve("printed"));

    // when: the grace period passes, twice
    sweeps.clock.advance(TrialActivity.GRACE.plusSeconds(1));
    JsonNode first = poll();
    sweeps.clock.advance(TrialActivity.GRACE);
    poll();

    // then: one warning naming the trial, flushing and its files; the trial is not killed
    assertThat(first.path("trials").get(0).path("state").asText()).isEqualTo("running");
    assertThat(logs.list).filteredOn(e -> e.getFormattedMessage().contains("logged nothing"))
        .singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
            .contains(sweepId + "-t001", "PYTHONUNBUFFERED", "flush", "killed as idle after 5 min",
                project.resolve(".ml-metaopt").toString()));
    Files.createFile(project.resolve("release"));
    assertThat(pollUntilDone().path("trials").get(0).path("state").asText())
        .isEqualTo("finished");
  }

  private void launch(String mode) throws Exception {
    sweepId = sweeps.launch("{\"method\": \"grid\", \"metric\": {\"name\": \"score\","
        + " \"goal\": \"maximize\"}, \"parameters\": {\"mode\": {\"values\": [\"" + mode
        + "\"]}}}", t -> { });
  }

  private JsonNode poll() {
    return sweeps.poll(sweepId);
  }

  private JsonNode pollUntilDone() throws Exception {
    return sweeps.pollUntilDone(sweepId);
  }

  private static void waitFor(Path signal) throws Exception {
    for (int i = 0; i < 1200 && !Files.exists(signal); i++) {
      Thread.sleep(50);
    }
    assertThat(signal).as("the trial never signalled").exists();
  }
}
