package dev.metaopt.validation;

import dev.metaopt.protocol.Operation;
import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.schema.SchemaKind;
import java.util.Optional;

/**
 * The kinds of file {@code metaopt validate} understands, and how a kind is recognised from the
 * document itself when the user does not say.
 */
public enum DocumentKind {
  CAMPAIGN,
  STATE,
  HANDOFF,
  PREFLIGHT,
  WORKER_RESULT;

  /** The kind a JSON document looks like, if any marker key identifies it. */
  public static Optional<DocumentKind> infer(JsonNode doc) {
    if (doc.has("machine_state")) {
      return Optional.of(STATE);
    }
    if (doc.has("control_agent")) {
      return Optional.of(HANDOFF);
    }
    if (doc.has("checks_summary")) {
      return Optional.of(PREFLIGHT);
    }
    return workerSchema(doc).map(schema -> WORKER_RESULT);
  }

  /** The schema of a worker or execution result, recognised by its marker key. */
  public static Optional<SchemaKind> workerSchema(JsonNode doc) {
    if (doc.has("operation")) {
      return Operation.parse(doc.path("operation").asText()).map(Operation::resultSchema);
    }
    if (doc.has("proposal_candidates")) {
      return Optional.of(SchemaKind.IDEATION_RESULT);
    }
    if (doc.has("winning_proposal")) {
      return Optional.of(SchemaKind.SELECTION_RESULT);
    }
    if (doc.has("improved")) {
      return Optional.of(SchemaKind.ANALYSIS_RESULT);
    }
    return Optional.empty();
  }
}
