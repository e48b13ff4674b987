package dev.metaopt.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;
import dev.metaopt.schema.SchemaKind;
import dev.metaopt.schema.SchemaValidator;
import dev.metaopt.testing.ManualClock;
import dev.metaopt.testing.Python;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Local sweeps driven the way the orchestrator drives them (launch, poll, stop tasks) on a
 * {@link ManualClock}: time-based rules fire when a test advances the clock, and between polls the
 * harness waits for an event — a trial process ending — never for an amount of time.
 *
 * <p>Registered as a JUnit 5 extension ({@code @RegisterExtension final LocalSweeps sweeps =
 * LocalSweeps.twoAgents(() -> project, TRIAL);}), it is a test's whole fixture: before each test
 * it writes the trial script as {@code trial.py} into the test's {@code @TempDir} project, and
 * after it stops every sweep it launched.
 */
final class LocalSweeps implements BeforeEachCallback, AfterEachCallback, AutoCloseable {
  /** Bounds every wait so a broken trial fails the test instead of hanging the build. */
  static final long MAX_WAIT_SECONDS = 120;

  Path project;
  final ManualClock clock = new ManualClock();
  final Map<String, String> environment = new HashMap<>(System.getenv());
  private final List<String> sweeps = new ArrayList<>();
  private final Supplier<Path> projectDir;
  private final String trial;
  private final int agents;
  private final int idleMinutes;
  private LocalBackend backend;

  /** Two agents, idle limit 1 min, on {@code project} as it is (no fixture). */
  LocalSweeps(Path project) {
    this(project, TrialProcesses.REAL);
  }

  LocalSweeps(Path project, TrialProcesses processes) {
    this(() -> project, null, 2, 1);
    start(processes);
  }

  private LocalSweeps(Supplier<Path> projectDir, String trial, int agents, int idleMinutes) {
    this.projectDir = projectDir;
    this.trial = trial;
    this.agents = agents;
    this.idleMinutes = idleMinutes;
    environment.put("PATH", Python.pathFirst(System.getenv("PATH")));
  }

  /**
   * The fixture of a test whose sweeps run trials side by side: two agents, idle limit 1 min,
   * {@code trial} written to {@code project}/trial.py before each test.
   */
  static LocalSweeps twoAgents(Supplier<Path> project, String trial) {
    return new LocalSweeps(project, trial, 2, 1);
  }

  /** The fixture of a test of one trial's own behaviour: one agent, idle limit 5 min. */
  static LocalSweeps oneAgent(Supplier<Path> project, String trial) {
    return new LocalSweeps(project, trial, 1, 5);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    Files.writeString(projectDir.get().resolve("trial.py"), trial);
    start(TrialProcesses.REAL);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  private void start(TrialProcesses processes) {
    project = projectDir.get();
    backend = backend(processes);
  }

  /** A fresh backend instance (fresh JVM state), as after an orchestrator restart. */
  void restart() {
    backend = backend(TrialProcesses.REAL);
  }

  private LocalBackend backend(TrialProcesses processes) {
    return new LocalBackend(environment, clock, Duration.ofSeconds(2), processes);
  }

  LocalBackend backend() {
    return backend;
  }

  /**
   * An execution task for {@code python3 trial.py}, objective {@code score}, $10, with this
   * helper's agents and idle limit.
   */
  ObjectNode task(String operation) {
    ObjectNode task = task(project, operation);
    task.put("seed", 1);
    ObjectNode compute = (ObjectNode) task.get("compute");
    compute.put("num_sweep_agents", agents);
    compute.put("max_budget_usd", 10);
    compute.put("idle_timeout_minutes", idleMinutes);
    task.putObject("objective").put("metric", "score");
    return task;
  }

  /** What every execution task of a test project holds: who, where, and the train command. */
  static ObjectNode task(Path project, String operation) {
    ObjectNode task = Json.object();
    task.put("operation", operation);
    task.put("campaign_id", "c");
    task.put("iteration", 1);
    task.put("project_dir", project.toString());
    task.put("metaopt_dir", project.resolve(".ml-metaopt").toString());
    task.putObject("compute");
    task.putObject("project").put("train_command", "python3 trial.py");
    return task;
  }

  Path metaoptDir() {
    return project.resolve(".ml-metaopt");
  }

  String launch(String sweepConfig, Consumer<ObjectNode> tweak) throws IOException {
    return launchResult(sweepConfig, tweak).path("sweep_id").asText();
  }

  /** The launch result as the backend returned it (schema-checked), failed or not. */
  JsonNode launchResult(String sweepConfig, Consumer<ObjectNode> tweak) throws IOException {
    ObjectNode launch = task("launch_sweep");
    launch.put("proposal_id", "p-" + sweeps.size());
    launch.set("sweep_config", Json.parse(sweepConfig));
    tweak.accept(launch);
    JsonNode result = backend.handle(launch);
    assertThat(SchemaValidator.validate(SchemaKind.LAUNCH_SWEEP_RESULT, result)).isEmpty();
    if (result.path("sweep_id").isTextual()) {
      sweeps.add(result.path("sweep_id").asText());
    }
    return result;
  }

  JsonNode poll(String sweepId) {
    return poll(sweepId, t -> { });
  }

  JsonNode poll(String sweepId, Consumer<ObjectNode> tweak) {
    ObjectNode poll = task("poll_sweep");
    poll.put("sweep_id", sweepId);
    tweak.accept(poll);
    JsonNode result = backend.handle(poll);
    assertThat(SchemaValidator.validate(SchemaKind.POLL_SWEEP_RESULT, result)).isEmpty();
    return result;
  }

  /** Polls until the sweep is no longer running, waiting for a trial to end between polls. */
  JsonNode pollUntilDone(String sweepId) throws Exception {
    return pollUntilDone(sweepId, t -> { });
  }

  /** Polls until the sweep is no longer running, waiting for a trial to end between polls. */
  JsonNode pollUntilDone(String sweepId, Consumer<ObjectNode> tweak) throws Exception {
    return pollUntil(sweepId, tweak, r -> !r.path("sweep_status").asText().equals("running"));
  }

  /**
   * Polls until {@code done} holds for a poll result; between polls, waits until one of the
   * running trials' processes has ended (bounded by {@link #MAX_WAIT_SECONDS}).
   */
  JsonNode pollUntil(String sweepId, Consumer<ObjectNode> tweak, Predicate<JsonNode> done)
      throws Exception {
    for (int polls = 0; polls < 1000; polls++) {
      JsonNode result = poll(sweepId, tweak);
      if (done.test(result)) {
        return result;
      }
      awaitAnyTrialEnd(sweepId);
    }
    throw new AssertionError("sweep " + sweepId + " never reached the expected state");
  }

  /** Blocks until one running trial's wrapper process has exited. */
  void awaitAnyTrialEnd(String sweepId) throws Exception {
    List<CompletableFuture<ProcessHandle>> ends = new ArrayList<>();
    for (SweepRecord.Trial trial : record(sweepId).trials) {
      if (trial.running()) {
        TrialProcess.find(trial.pid, trial.startedMillis).ifPresent(h -> ends.add(h.onExit()));
      }
    }
    if (ends.size() < record(sweepId).trials.stream().filter(SweepRecord.Trial::running)
        .count()) {
      return; // a trial already ended: the next poll collects it
    }
    CompletableFuture.anyOf(ends.toArray(CompletableFuture[]::new))
        .get(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
  }

  /** Blocks until every running trial's wrapper process has exited. */
  void awaitEveryTrialEnd(String sweepId) throws Exception {
    for (SweepRecord.Trial trial : record(sweepId).trials) {
      if (trial.running()) {
        Optional<ProcessHandle> wrapper = TrialProcess.find(trial.pid, trial.startedMillis);
        if (wrapper.isPresent()) {
          wrapper.get().onExit().get(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
        }
      }
    }
  }

  /** The sweep's record as the backend last saved it. */
  SweepRecord record(String sweepId) throws IOException {
    return new SweepStore(metaoptDir()).load(sweepId).orElseThrow();
  }

  TrialProcess.TrialFiles files(String sweepId, String runId) {
    return new SweepStore(metaoptDir()).files(sweepId, runId);
  }

  /** Each trial as {@code <parameter>:<state>:<reason>}. */
  static List<String> outcomes(JsonNode pollResult, String parameter) {
    List<String> outcomes = new ArrayList<>();
    pollResult.path("trials").forEach(t -> outcomes.add(t.path("config").path(parameter)
        .asText() + ":" + t.path("state").asText() + ":" + t.path("reason").asText("")));
    return outcomes;
  }

  static String grid(String parameters) {
    return "{\"method\": \"grid\", \"metric\": {\"name\": \"score\", \"goal\": \"maximize\"},"
        + " \"parameters\": {" + parameters + "}}";
  }

  /** Stops every sweep it launched: no trial outlives the test. */
  @Override
  public void close() {
    LocalBackend real = backend(TrialProcesses.REAL);
    for (String sweep : sweeps) {
      ObjectNode stop = task("stop_sweep");
      stop.put("sweep_id", sweep);
      real.handle(stop);
    }
  }
}
