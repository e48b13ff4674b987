package dev.metaopt.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trial that ends at the moment the watchdog (or the budget) stops it. How the trial ended is
 * read after the stop, from what its wrapper recorded, so a trial that ended by itself keeps its
 * own exit code and result instead of the watchdog's verdict. The race is made deterministic: the
 * trial waits on a socket until the test releases it, and the test releases it right after the
 * poll has seen the trial running and before the poll judges it.
 */
@Tag("e2e")
class TrialEndRaceTest {
  /** Reports its pid and a child's pid, then ends as the test tells it: "fail" or "finish". */
  static final String TRIAL = """
      import json, os, socket, subprocess, sys
      args = dict(a[2:].split("=", 1) for a in sys.argv[1:] if "=" in a)
      child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
      link = socket.create_connection(("127.0.0.1", int(args["port"])))
      link.sendall(("%d %d\\n" % (os.getpid(), child.pid)).encode())
      ending = link.makefile().readline().strip()
      child.kill()
      if ending == "fail":
          print("Traceback: boom", file=sys.stderr); sys.exit(3)
      print(json.dumps({"score": 0.75, "_step": 0}), flush=True)
      """;

  @TempDir Path project;
  ServerSocket rendezvous;
  final List<Socket> links = new ArrayList<>();
  LocalSweeps sweeps;

  @BeforeEach
  void setUp() throws IOException {
    Files.writeString(project.resolve("trial.py"), TRIAL);
    rendezvous = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    rendezvous.setSoTimeout((int) TimeUnit.SECONDS.toMillis(LocalSweeps.MAX_WAIT_SECONDS));
  }

  @AfterEach
  void tearDown() throws IOException {
    if (sweeps != null) {
      sweeps.close();
    }
    for (Socket link : links) {
      link.close();
    }
    rendezvous.close();
  }

  @Test
  void aTrialThatFailsRightAfterThePollSawItRunningIsRecordedAsFailedNotIdle() throws Exception {
    // given: one trial, running, silent for longer than the idle timeout by the time of the poll
    EndsAfterTheLook processes = new EndsAfterTheLook();
    sweeps = new LocalSweeps(project, processes);
    String sweep = sweeps.launch(oneTrial(), t -> { });
    Trial trial = accept();
    sweeps.clock.advance(Duration.ofMinutes(5));

    // when: the trial exits 3 (and its wrapper records it) right after the poll saw it running
    processes.onNextLook(() -> trial.end("fail"));
    JsonNode result = sweeps.poll(sweep, t -> { });

    // then: its own exit is recorded, not the idle verdict
    assertThat(processes.looked).isTrue();
    assertThat(LocalSweeps.outcomes(result, "port")).containsExactly(
        port() + ":failed:exit code 3");
  }

  @Test
  void aTrialThatFinishesRightBeforeTheBudgetStopKeepsItsResult() throws Exception {
    // given: a trial whose cost passes the budget by the time of the poll
    EndsAfterTheLook processes = new EndsAfterTheLook();
    sweeps = new LocalSweeps(project, processes);
    String sweep = sweeps.launch(oneTrial(), t -> ((ObjectNode) t.get("compute"))
        .put("cost_per_hour_usd", 36_000));
    Trial trial = accept();
    sweeps.clock.advance(Duration.ofSeconds(30));

    // when: it finishes with its metric right after the poll saw it running
    processes.onNextLook(() -> trial.end("finish"));
    JsonNode result = sweeps.poll(sweep, t -> ((ObjectNode) t.get("compute"))
        .put("max_budget_usd", 1));

    // then: the budget stops the sweep, but the finished trial counts with its result
    assertThat(result.path("sweep_status").asText()).isEqualTo("budget_exceeded");
    assertThat(LocalSweeps.outcomes(result, "port")).containsExactly(port() + ":finished:");
    assertThat(result.path("best_metric_value").asDouble()).isEqualTo(0.75);
  }

  @Test
  void aRunningTrialJudgedIdleIsKilledWithItsWholeProcessTree() throws Exception {
    // given: a trial and its child process, both running
    sweeps = new LocalSweeps(project);
    String sweep = sweeps.launch(oneTrial(), t -> { });
    Trial trial = accept();

    // when: it stays silent past the idle timeout
    sweeps.clock.advance(Duration.ofMinutes(5));
    JsonNode result = sweeps.poll(sweep, t -> { });

    // then: killed for being idle, with everything it started; its wrapper recorded the signal
    assertThat(LocalSweeps.outcomes(result, "port")).containsExactly(port() + ":killed:idle");
    assertThat(ProcessHandle.of(trial.pid).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(ProcessHandle.of(trial.childPid).filter(ProcessHandle::isAlive)).isEmpty();
    String runId = result.path("trials").get(0).path("run_id").asText();
    assertThat(TrialProcess.recordedExit(sweeps.files(sweep, runId))).contains(143);
  }

  private String oneTrial() {
    return LocalSweeps.grid("\"port\": {\"value\": " + port() + "}");
  }

  private int port() {
    return rendezvous.getLocalPort();
  }

  /** Waits for the trial to connect: from then on it is running and waits to be released. */
  private Trial accept() throws IOException {
    Socket link = rendezvous.accept();
    links.add(link);
    String[] pids = new BufferedReader(new InputStreamReader(link.getInputStream(),
        StandardCharsets.UTF_8)).readLine().split(" ");
    return new Trial(link, Long.parseLong(pids[0]), Long.parseLong(pids[1]));
  }

  /** A connected trial: its pid, its child's pid, and the link that releases it. */
  private record Trial(Socket link, long pid, long childPid) {
    /** Tells the trial how to end and waits until its wrapper has recorded the exit. */
    void end(String ending) {
      try {
        long wrapper = ProcessHandle.of(pid).flatMap(ProcessHandle::parent).orElseThrow()
            .pid();
        PrintWriter out = new PrintWriter(link.getOutputStream(), true, StandardCharsets.UTF_8);
        out.println(ending);
        Optional<ProcessHandle> handle = ProcessHandle.of(wrapper);
        if (handle.isPresent()) {
          handle.get().onExit().get(LocalSweeps.MAX_WAIT_SECONDS, TimeUnit.SECONDS);
        }
      } catch (Exception e) {
        throw new AssertionError("could not end the trial", e);
      }
    }
  }

  /**
   * The real trial processes, except that right after the next look that finds a trial's wrapper
   * alive, an action runs — the explicit point where the trial ends after the poll saw it running.
   */
  private static final class EndsAfterTheLook implements TrialProcesses {
    private Runnable action;
    boolean looked;

    void onNextLook(Runnable action) {
      this.action = action;
    }

    @Override
    public Optional<Integer> recordedExit(TrialProcess.TrialFiles files) {
      return REAL.recordedExit(files);
    }

    @Override
    public boolean alive(long pid, long startedMillis) {
      boolean alive = REAL.alive(pid, startedMillis);
      if (alive && action != null) {
        Runnable pending = action;
        action = null;
        looked = true;
        pending.run();
      }
      return alive;
    }

    @Override
    public void stop(long pid, long startedMillis) {
      REAL.stop(pid, startedMillis);
    }
  }
}
