package dev.metaopt.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
  private final MovableClock clock = new MovableClock();
  private LocalBackend backend;
  private String sweepId;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void setUp() throws Exception {
    Files.writeString(project.resolve("trial.py"), BUFFERED_TRIAL);
    backend = new LocalBackend(System.getenv(), clock, Duration.ofSeconds(2));
    logs.start();
    ((Logger) LoggerFactory.getLogger(SweepRunner.class)).addAppender(logs);
  }

  @AfterEach
  void tearDown() throws Exception {
    ((Logger) LoggerFactory.getLogger(SweepRunner.class)).detachAppender(logs);
    if (sweepId != null) {
      ObjectNode stop = task("stop_sweep");
      stop.put("sweep_id", sweepId);
      backend.handle(stop);
    }
  }

  @Test
  void aTrialThatPrintsWithoutFlushingIsNotKilledAsIdle() throws Exception {
    // given: a trial printed a metric line without flush and then worked on, silently
    launch("buffered");
    waitFor(project.resolve("printed"));

    // when: more than idle_timeout_minutes pass before the next poll
    clock.advance(Duration.ofMinutes(6));
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
    clock.advance(TrialActivity.GRACE.plusSeconds(1));
    JsonNode first = poll();
    clock.advance(TrialActivity.GRACE);
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
    ObjectNode launch = task("launch_sweep");
    launch.put("proposal_id", "p-" + mode);
    launch.set("sweep_config", Json.parse("{\"method\": \"grid\", \"metric\": {\"name\":"
        + " \"score\", \"goal\": \"maximize\"}, \"parameters\": {\"mode\": {\"values\": [\""
        + mode + "\"]}}}"));
    sweepId = backend.handle(launch).path("sweep_id").asText();
  }

  private JsonNode poll() {
    ObjectNode poll = task("poll_sweep");
    poll.put("sweep_id", sweepId);
    return backend.handle(poll);
  }

  /** Polls until the sweep ends; bounded, and the clock stands still meanwhile. */
  private JsonNode pollUntilDone() throws Exception {
    JsonNode result = poll();
    for (int i = 0; i < 600 && result.path("sweep_status").asText().equals("running"); i++) {
      Thread.sleep(100);
      result = poll();
    }
    return result;
  }

  private static void waitFor(Path signal) throws Exception {
    for (int i = 0; i < 1200 && !Files.exists(signal); i++) {
      Thread.sleep(50);
    }
    assertThat(signal).as("the trial never signalled").exists();
  }

  private ObjectNode task(String operation) {
    ObjectNode task = Json.object();
    task.put("operation", operation);
    task.put("campaign_id", "c");
    task.put("iteration", 1);
    task.put("project_dir", project.toString());
    task.put("metaopt_dir", project.resolve(".ml-metaopt").toString());
    ObjectNode compute = task.putObject("compute");
    compute.put("num_sweep_agents", 1);
    compute.put("idle_timeout_minutes", 5);
    task.putObject("project").put("train_command", "python3 trial.py");
    return task;
  }

  /** A clock that moves only when the test says so. */
  static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
