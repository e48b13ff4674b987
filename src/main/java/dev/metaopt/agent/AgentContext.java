package dev.metaopt.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.campaign.Campaign;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.json.Json;
import dev.metaopt.json.JsonMerge;
import dev.metaopt.protocol.Attempt;
import dev.metaopt.schema.SchemaKind;
import dev.metaopt.schema.SchemaValidator;
import dev.metaopt.schema.ValidationIssue;
import dev.metaopt.state.MachineState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * Everything a control agent may look at for one step: the persisted state (read-only), a working
 * copy it may change, the load handoff (the campaign source for every later agent), the project's
 * files and a clock. Time is injected so runs are reproducible in tests.
 */
public final class AgentContext {
  private final MachineState machineState;
  private final ObjectNode state;
  private final ObjectNode loadHandoff;
  private final Path campaignPath;
  private final ProjectLayout layout;
  private final Clock clock;
  private final boolean retryRequested;
  private ObjectNode working;
  private Campaign campaign;

  /**
   * @param machineState the state being executed
   * @param state the persisted state, or null before HYDRATE_STATE created it
   * @param loadHandoff the LOAD_CAMPAIGN handoff, or null while loading
   * @param campaignPath the campaign file (used by LOAD_CAMPAIGN)
   */
  public AgentContext(
      MachineState machineState,
      ObjectNode state,
      ObjectNode loadHandoff,
      Path campaignPath,
      ProjectLayout layout,
      Clock clock) {
    this(machineState, state, loadHandoff, campaignPath, layout, clock, false);
  }

  /**
   * @param retryRequested true when the user asked to retry a failed campaign ({@code metaopt
   *     resume --retry}); only HYDRATE_STATE acts on it
   */
  public AgentContext(
      MachineState machineState,
      ObjectNode state,
      ObjectNode loadHandoff,
      Path campaignPath,
      ProjectLayout layout,
      Clock clock,
      boolean retryRequested) {
    this.retryRequested = retryRequested;
    this.machineState = Objects.requireNonNull(machineState, "machineState");
    this.state = state == null ? null : state.deepCopy();
    this.loadHandoff = loadHandoff;
    this.campaignPath = campaignPath;
    this.layout = Objects.requireNonNull(layout, "layout");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public MachineState machineState() {
    return machineState;
  }

  /** The persisted state before this step (do not mutate); null before hydration. */
  public ObjectNode state() {
    return state;
  }

  /** True when a state file existed when the step started. */
  public boolean hasState() {
    return state != null;
  }

  /** The agent's working copy of the state; changes become the state patch in {@link #finish}. */
  public ObjectNode working() {
    if (working == null) {
      working = state == null ? Json.object() : state.deepCopy();
    }
    return working;
  }

  /** Replaces the working copy wholesale (HYDRATE_STATE building a fresh state). */
  public void replaceWorking(ObjectNode next) {
    working = next;
  }

  /** The LOAD_CAMPAIGN handoff: campaign sections, identity, preflight verdict. */
  public ObjectNode loadHandoff() {
    return loadHandoff;
  }

  /** The campaign as bound from the load handoff (empty sections before loading). */
  public Campaign campaign() {
    if (campaign == null) {
      campaign = Campaign.bind(loadHandoff == null ? Json.object() : loadHandoff);
    }
    return campaign;
  }

  /**
   * A campaign section as JSON, e.g. {@code search_space}, for forwarding in a worker task;
   * MissingNode when absent. Read values through {@link #campaign()}.
   */
  public JsonNode campaignSection(String section) {
    return loadHandoff == null ? Json.object().path(section) : loadHandoff.path(section);
  }

  public Path campaignPath() {
    return campaignPath;
  }

  /** True when this session was started with {@code --retry}. */
  public boolean retryRequested() {
    return retryRequested;
  }

  public ProjectLayout layout() {
    return layout;
  }

  public Clock clock() {
    return clock;
  }

  /** The current iteration N from state (1 before hydration). */
  public int iteration() {
    return state == null ? 1 : state.path("current_iteration").asInt(1);
  }

  /** The attempt at the current iteration (its first, or a retry); the first before hydration. */
  public Attempt attempt() {
    return state == null ? Attempt.first(1) : Attempt.of(state);
  }

  /** Now, UTC, truncated to whole seconds, ISO-8601 with a literal Z (the contract's timestamp). */
  public String timestamp() {
    return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** Sets the handoff's state patch to the diff between the persisted state and {@link #working()}. */
  public Handoff finish(Handoff handoff) {
    ObjectNode before = state == null ? Json.object() : state;
    ObjectNode after = working == null ? before : working;
    return handoff.statePatch(JsonMerge.diff(before, after));
  }

  /**
   * Reads a result file given by its contract path (e.g. {@code .ml-metaopt/worker-results/x.json}),
   * checking it against {@code schema} when one is given.
   */
  public ResultRead readResult(String contractPath, SchemaKind schema) {
    Path file;
    try {
      file = layout.resolveContractPath(contractPath);
    } catch (IllegalArgumentException e) {
      return ResultRead.invalid(e.getMessage());
    }
    if (!Files.exists(file)) {
      return ResultRead.missing();
    }
    JsonNode value;
    try {
      value = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return ResultRead.invalid(contractPath + " is not valid JSON: " + e.getMessage());
    }
    if (!value.isObject()) {
      return ResultRead.invalid(contractPath + " must hold a JSON object");
    }
    if (schema != null) {
      List<ValidationIssue> issues = SchemaValidator.validate(schema, value);
      if (!issues.isEmpty()) {
        return ResultRead.invalid(
            contractPath + " violates " + schema.stem() + ": " + issues.get(0).format());
      }
    }
    return ResultRead.present(value);
  }
}
