package dev.metaopt.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.campaign.Campaign;
import dev.metaopt.campaign.WorkerSettings;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.json.Json;
import dev.metaopt.llm.LlmWorker;
import dev.metaopt.protocol.Lane;
import dev.metaopt.protocol.Operation;
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
  private final ProjectLayout layout;
  private final ObjectNode loadHandoff;
  private final Campaign campaign;
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
    this.campaign = Campaign.bind(loadHandoff);
    this.builtins = builtins;
    this.environment = Map.copyOf(environment);
    this.dispatcher = new Dispatcher(layout);
  }

  @Override
  public Outcome launch(ObjectNode request) {
    String mode = request.path("mode").asText();
    Optional<Lane> lane = Lane.parse(mode).filter(Lane::dispatched);
    if (lane.isEmpty()) {
      return Outcome.failed("launch request for unknown lane '" + mode + "'");
    }
    ObjectNode task = (ObjectNode) request.path("task");
    return run(lane.get(), task.path("name").asText(mode), task,
        request.path("task_file").asText(), request.path("result_file").asText(),
        lane.get().resultSchema());
  }

  @Override
  public Outcome execute(ObjectNode directive) {
    String action = directive.path("action").asText();
    Optional<Operation> operation = Operation.parse(action);
    if (operation.isEmpty()) {
      return Outcome.failed("'" + action + "' is not an execution operation");
    }
    String resultFile = directive.path("result_file").asText();
    String name = resultFile.substring(resultFile.lastIndexOf('/') + 1).replace(".json", "");
    return run(Lane.EXECUTION, name, executionTask(directive, name), null, resultFile,
        operation.get().resultSchema());
  }

  private Outcome run(Lane lane, String name, ObjectNode task, String taskFile, String resultFile,
      SchemaKind schema) {
    WorkerSettings settings = campaign.worker(lane);
    Worker worker;
    try {
      worker = worker(lane, settings);
    } catch (IllegalArgumentException e) {
      return Outcome.failed("workers." + lane.wireName() + ": " + e.getMessage());
    }
    return dispatcher.dispatch(worker, new Dispatcher.Work(name, task, taskFile, resultFile,
        schema, settings.retries(), settings.timeout()));
  }

  private Worker worker(Lane lane, WorkerSettings settings) {
    if (settings.llm().isPresent() && lane.dispatched()) {
      return new LlmWorker(lane, settings.llm().get(), environment);
    }
    if (settings.command().isPresent()) {
      return new ProcessWorker(settings.command().get(),
          WorkerEnvironment.of(settings, environment), layout.projectDir());
    }
    Optional<Worker> builtin = builtins.forLane(lane, loadHandoff);
    return builtin.orElseThrow(() -> new IllegalArgumentException("no built-in "
        + lane.wireName() + " worker for this campaign; set workers." + lane.wireName()
        + ".command"));
  }

  /** The execution task: the campaign facts every operation needs plus the directive's own. */
  private ObjectNode executionTask(ObjectNode directive, String name) {
    ObjectNode task = Json.object();
    task.put("lane", Lane.EXECUTION.wireName());
    task.put("name", name);
    task.put("operation", directive.path("action").asText());
    task.set("campaign_id", loadHandoff.path("campaign_id").deepCopy());
    task.put("project_dir", layout.projectDir().toString());
    task.put("metaopt_dir", layout.metaoptDir().toString());
    for (String section : new String[] {"compute", "project", "wandb", "objective_snapshot"}) {
      task.set(section.equals("objective_snapshot") ? "objective" : section,
          loadHandoff.path(section).deepCopy());
    }
    task.put("seed", campaign.campaign().seed());
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
