package dev.metaopt.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.json.Json;
import dev.metaopt.llm.LlmWorker;
import dev.metaopt.schema.SchemaKind;
import dev.metaopt.worker.ProcessWorker;
import dev.metaopt.worker.Worker;
import java.util.Map;
import java.util.Optional;

/**
 * The real {@link WorkExecutor}: sends launch requests and execution directives to the lane's
 * worker (the configured command, or the built-in one in-process) through the {@link Dispatcher}.
 */
public final class DispatchingWorkExecutor implements WorkExecutor {
  private static final Map<String, SchemaKind> WORKER_SCHEMAS = Map.of(
      "ideation", SchemaKind.IDEATION_RESULT,
      "selection", SchemaKind.SELECTION_RESULT,
      "analysis", SchemaKind.ANALYSIS_RESULT);
  private static final Map<String, SchemaKind> EXECUTION_SCHEMAS = Map.of(
      "run_smoke_test", SchemaKind.SMOKE_TEST_RESULT,
      "launch_sweep", SchemaKind.LAUNCH_SWEEP_RESULT,
      "poll_sweep", SchemaKind.POLL_SWEEP_RESULT,
      "stop_sweep", SchemaKind.STOP_SWEEP_RESULT);

  private final ProjectLayout layout;
  private final ObjectNode loadHandoff;
  private final LaneWorkers builtins;
  private final Map<String, String> environment;
  private final Dispatcher dispatcher;

  /**
   * @param builtins the in-process workers used when a lane has no command
   * @param environment the orchestrator's environment ({@code System.getenv()} in production)
   */
  public DispatchingWorkExecutor(ProjectLayout layout, ObjectNode loadHandoff,
      LaneWorkers builtins, Map<String, String> environment) {
    this.layout = layout;
    this.loadHandoff = loadHandoff;
    this.builtins = builtins;
    this.environment = Map.copyOf(environment);
    this.dispatcher = new Dispatcher(layout);
  }

  @Override
  public Outcome launch(ObjectNode request) {
    String lane = request.path("mode").asText();
    SchemaKind schema = WORKER_SCHEMAS.get(lane);
    if (schema == null) {
      return Outcome.failed("launch request for unknown lane '" + lane + "'");
    }
    ObjectNode task = (ObjectNode) request.path("task");
    return run(lane, new Dispatcher.Work(task.path("name").asText(lane), task,
        request.path("task_file").asText(), request.path("result_file").asText(), schema, 0,
        null));
  }

  @Override
  public Outcome execute(ObjectNode directive) {
    String operation = directive.path("action").asText();
    SchemaKind schema = EXECUTION_SCHEMAS.get(operation);
    if (schema == null) {
      return Outcome.failed("'" + operation + "' is not an execution operation");
    }
    String resultFile = directive.path("result_file").asText();
    String name = resultFile.substring(resultFile.lastIndexOf('/') + 1).replace(".json", "");
    return run("execution",
        new Dispatcher.Work(name, executionTask(directive, name), null, resultFile, schema, 0,
            null));
  }

  private Outcome run(String lane, Dispatcher.Work work) {
    WorkerSettings settings = WorkerSettings.of(loadHandoff.path("workers"), lane);
    Worker worker;
    try {
      worker = worker(lane, settings);
    } catch (IllegalArgumentException e) {
      return Outcome.failed("workers." + lane + ": " + e.getMessage());
    }
    return dispatcher.dispatch(worker, new Dispatcher.Work(work.name(), work.task(),
        work.taskFile(), work.resultFile(), work.schema(), settings.retries(),
        settings.timeout()));
  }

  private Worker worker(String lane, WorkerSettings settings) {
    if (settings.llm().isPresent() && WORKER_SCHEMAS.containsKey(lane)) {
      return new LlmWorker(lane, WORKER_SCHEMAS.get(lane), settings.llm().get(), environment);
    }
    if (settings.command().isPresent()) {
      return new ProcessWorker(settings.command().get(),
          settings.processEnvironment(environment), layout.projectDir());
    }
    Optional<Worker> builtin = builtins.forLane(lane, loadHandoff);
    return builtin.orElseThrow(() -> new IllegalArgumentException("no built-in " + lane
        + " worker for this campaign; set workers." + lane + ".command"));
  }

  /** The execution task: the campaign facts every operation needs plus the directive's own. */
  private ObjectNode executionTask(ObjectNode directive, String name) {
    ObjectNode task = Json.object();
    task.put("lane", "execution");
    task.put("name", name);
    task.put("operation", directive.path("action").asText());
    task.set("campaign_id", loadHandoff.path("campaign_id").deepCopy());
    task.put("project_dir", layout.projectDir().toString());
    task.put("metaopt_dir", layout.metaoptDir().toString());
    for (String section : new String[] {"compute", "project", "wandb", "objective_snapshot"}) {
      task.set(section.equals("objective_snapshot") ? "objective" : section,
          loadHandoff.path(section).deepCopy());
    }
    task.put("seed", loadHandoff.path("campaign").path("seed").asLong(0));
    directive.fields().forEachRemaining(field -> {
      if (!field.getKey().equals("action") && !field.getKey().equals("reason")) {
        task.set(field.getKey(), field.getValue().deepCopy());
      }
    });
    JsonNode poll = directive.path("poll");
    if (poll.isInt()) {
      task.put("poll_number", poll.asInt());
    }
    return task;
  }
}
