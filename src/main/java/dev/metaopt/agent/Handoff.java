package dev.metaopt.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;
import dev.metaopt.machine.AgentId;
import dev.metaopt.machine.Phase;
import dev.metaopt.state.MachineState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The envelope a control agent returns for one step: what it recommends, the state patch it
 * wants applied, the directives and worker launch requests to execute, and agent-specific
 * fields. Backed by a JSON object because that is what is validated, persisted and audited.
 */
public final class Handoff {
  private final ObjectNode json;

  private Handoff(ObjectNode json) {
    this.json = json;
  }

  /** A new envelope for {@code agent}'s {@code phase}, every required key present and empty. */
  public static Handoff create(AgentId agent, Phase phase) {
    return create(agent.contractName(), agent.handoffType(phase));
  }

  /** A new envelope with every required key present and empty. */
  public static Handoff create(String controlAgent, String handoffType) {
    ObjectNode json = Json.object();
    json.put("schema_version", 1);
    json.put("control_agent", controlAgent);
    json.put("handoff_type", handoffType);
    json.putNull("recommended_next_machine_state");
    json.putNull("state_patch");
    json.putArray("directives");
    json.putArray("launch_requests");
    json.put("summary", "");
    json.putArray("warnings");
    json.putArray("artifacts");
    return new Handoff(json);
  }

  /** Wraps a handoff read back from disk or produced by a third-party agent. */
  public static Handoff wrap(ObjectNode json) {
    return new Handoff(json);
  }

  /** Sets the recommended next state; null means "stay where you are". */
  public Handoff recommend(MachineState next) {
    if (next == null) {
      json.putNull("recommended_next_machine_state");
    } else {
      json.put("recommended_next_machine_state", next.name());
    }
    return this;
  }

  public Handoff statePatch(ObjectNode patch) {
    json.set("state_patch", patch);
    return this;
  }

  public Handoff directive(ObjectNode directive) {
    ((ArrayNode) json.get("directives")).add(directive);
    return this;
  }

  public Handoff launchRequest(ObjectNode request) {
    ((ArrayNode) json.get("launch_requests")).add(request);
    return this;
  }

  /**
   * Asks the orchestrator to write a JSON file (e.g. the rollover result) at a contract path
   * under {@code .ml-metaopt/}. Agents never write files themselves, so a step can be re-run
   * after a crash without side effects.
   */
  public Handoff artifact(String contractPath, JsonNode content) {
    ObjectNode artifact = ((ArrayNode) json.get("artifacts")).addObject();
    artifact.put("path", contractPath);
    artifact.set("json", content);
    return this;
  }

  /** Like {@link #artifact(String, JsonNode)} for a text file (e.g. an audit note in tasks/). */
  public Handoff textArtifact(String contractPath, String text) {
    ObjectNode artifact = ((ArrayNode) json.get("artifacts")).addObject();
    artifact.put("path", contractPath);
    artifact.put("text", text);
    return this;
  }

  public Handoff summary(String summary) {
    json.put("summary", summary);
    return this;
  }

  public Handoff warning(String warning) {
    ((ArrayNode) json.get("warnings")).add(warning);
    return this;
  }

  /** Sets an agent-specific field (e.g. {@code pool_status}, {@code stop_reason}). */
  public Handoff put(String key, JsonNode value) {
    json.set(key, value);
    return this;
  }

  public Handoff put(String key, String value) {
    json.put(key, value);
    return this;
  }

  public String controlAgent() {
    return json.path("control_agent").asText();
  }

  public String handoffType() {
    return json.path("handoff_type").asText();
  }

  /** The recommended next state, or empty to stay (null or absent). */
  public Optional<MachineState> recommended() {
    JsonNode value = json.get("recommended_next_machine_state");
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    return MachineState.parse(value.asText());
  }

  /** The state patch, or null. */
  public ObjectNode statePatch() {
    JsonNode patch = json.get("state_patch");
    return patch instanceof ObjectNode object ? object : null;
  }

  public List<ObjectNode> directives() {
    return objects("directives");
  }

  public List<ObjectNode> launchRequests() {
    return objects("launch_requests");
  }

  /** Files to write: objects with {@code path} and either {@code json} or {@code text}. */
  public List<ObjectNode> artifacts() {
    return objects("artifacts");
  }

  public String summary() {
    return json.path("summary").asText();
  }

  /** The live JSON (mutations show through). */
  public ObjectNode json() {
    return json;
  }

  private List<ObjectNode> objects(String key) {
    List<ObjectNode> out = new ArrayList<>();
    for (JsonNode node : json.path(key)) {
      if (node instanceof ObjectNode object) {
        out.add(object);
      }
    }
    return out;
  }
}
