package dev.metaopt.orchestrator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.agent.Handoff;
import dev.metaopt.agent.ProtocolPolicy;
import dev.metaopt.agent.TerminalCleanup;
import dev.metaopt.campaign.Campaign;
import dev.metaopt.dispatch.WorkExecutor;
import dev.metaopt.io.AtomicFiles;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.json.Json;
import dev.metaopt.protocol.Attempt;
import dev.metaopt.protocol.Lane;
import dev.metaopt.protocol.Operation;
import dev.metaopt.protocol.StateKeys;
import dev.metaopt.report.AgentsHook;
import dev.metaopt.report.Reports;
import dev.metaopt.state.Ledger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 6 of the control protocol: executes a checked handoff. Work whose results feed the next
 * step (artifacts, workers, execution directives) runs before the state is persisted; cleanup
 * and reports run after, so they always describe persisted state. Everything here is idempotent,
 * which is what makes a crash at any point safe to resume.
 */
final class StepExecution {
  private static final Logger log = LoggerFactory.getLogger(StepExecution.class);

  private final ProjectLayout layout;
  private final WorkExecutor executor;
  private final Pacer pacer;
  private final Ledger ledger;

  StepExecution(ProjectLayout layout, WorkExecutor executor, Pacer pacer, Ledger ledger) {
    this.layout = layout;
    this.executor = executor;
    this.pacer = pacer;
    this.ledger = ledger;
  }

  /**
   * Writes artifacts, dispatches workers and runs execution directives. Returns the failure that
   * must block the campaign, if any; a failed ideation slot is tolerated (the gate drops it).
   */
  Optional<String> beforePersist(Handoff handoff, JsonNode loadHandoff) {
    for (ObjectNode artifact : handoff.artifacts()) {
      writeArtifact(artifact);
    }
    for (ObjectNode request : handoff.launchRequests()) {
      ProtocolPolicy.normalise(request);
      WorkExecutor.Outcome outcome = executor.launch(request);
      String worker = request.path("worker_ref").asText();
      recordDispatch(worker, request.path("result_file").asText(), outcome);
      if (!outcome.succeeded()) {
        if (!Lane.IDEATION.workerRef().equals(worker)) {
          return Optional.of(outcome.failure());
        }
        log.warn("ideation slot failed and will be dropped: {}", outcome.failure());
      }
    }
    for (ObjectNode directive : handoff.directives()) {
      String action = directive.path("action").asText();
      Optional<Operation> operation = Operation.parse(action);
      if (operation.isEmpty()) {
        continue; // hooks and reports run after persisting
      }
      if (operation.get() == Operation.POLL_SWEEP && directive.path("poll").asInt(1) > 1) {
        pacer.pause(pollInterval(loadHandoff));
      }
      discardSuperseded(directive);
      WorkExecutor.Outcome outcome = executor.execute(directive);
      recordDispatch(action, directive.path("result_file").asText(), outcome);
      if (!outcome.succeeded() && operation.get() != Operation.STOP_SWEEP) {
        return Optional.of(outcome.failure());
      }
    }
    return Optional.empty();
  }

  /**
   * Deletes the result a directive supersedes (the previous poll of a sweep): the persisted state
   * has consumed it, so a crash from here on polls afresh instead of needing it, and a sweep
   * leaves one poll file behind, not one per poll.
   */
  private void discardSuperseded(ObjectNode directive) {
    if (!directive.path("supersedes").isTextual()) {
      return;
    }
    try {
      Files.deleteIfExists(layout.resolveContractPath(directive.path("supersedes").asText()));
    } catch (IOException | IllegalArgumentException e) {
      log.debug("could not remove {}: {}", directive.path("supersedes").asText(), e.getMessage());
    }
  }

  /** Runs hook and report directives once {@code state} is persisted. */
  void afterPersist(Handoff handoff, ObjectNode state) {
    if (state == null) {
      return;
    }
    for (ObjectNode directive : handoff.directives()) {
      String action = directive.path("action").asText();
      switch (action) {
        case "ensure_agents_hook" -> AgentsHook.ensure(layout.agentsFile());
        case "remove_agents_hook" -> {
          if (AgentsHook.remove(layout.agentsFile())) {
            log.info("removed the resume hook from {}", layout.agentsFile());
          }
        }
        case "emit_iteration_report" -> {
          int iteration = directive.path("iteration").asInt();
          Path report = Reports.writeIterationReport(layout, state, iteration);
          recordReport("iteration", report);
        }
        case "emit_final_report" -> {
          Path report = Reports.writeFinalReport(layout, state);
          recordReport("final", report);
          log.info("final report: {}", report);
        }
        case "delete_state_file" ->
            log.warn("ignoring delete_state_file: state is kept for inspection after a campaign");
        default -> {
          // execution directives ran before persisting; "none" needs nothing
        }
      }
    }
  }

  /** Stops the trials of a live sweep before a terminal transition (best effort, logged). */
  void stopLiveSweep(ObjectNode state) {
    JsonNode sweep = state.path(StateKeys.CURRENT_SWEEP);
    if (!sweep.isObject() || !sweep.path("sweep_id").isTextual()) {
      return;
    }
    ObjectNode directive = TerminalCleanup.stopSweep(Attempt.ofSweep(state), sweep,
        "campaign blocked; stopping every trial of the live sweep");
    WorkExecutor.Outcome outcome = executor.execute(directive);
    recordDispatch(Operation.STOP_SWEEP.wireName(), directive.path("result_file").asText(),
        outcome);
    if (!outcome.succeeded()) {
      log.warn("could not stop sweep {}: {}", sweep.path("sweep_id").asText(), outcome.failure());
    }
  }

  private void writeArtifact(ObjectNode artifact) {
    Path target = layout.resolveContractPath(artifact.path("path").asText());
    if (artifact.has("json")) {
      AtomicFiles.writeString(target, Json.pretty(artifact.get("json")));
    } else {
      AtomicFiles.writeString(target, artifact.path("text").asText());
    }
  }

  private static Duration pollInterval(JsonNode loadHandoff) {
    return Campaign.Compute.from(loadHandoff == null ? Json.object()
        : loadHandoff.path("compute")).pollInterval();
  }

  private void recordDispatch(String what, String resultFile, WorkExecutor.Outcome outcome) {
    ObjectNode fields = Json.object();
    fields.put("work", what);
    fields.put("result_file", resultFile);
    fields.put("succeeded", outcome.succeeded());
    if (!outcome.succeeded()) {
      fields.put("failure", outcome.failure());
    }
    ledger.append("dispatch", fields);
  }

  private void recordReport(String type, Path file) {
    ObjectNode fields = Json.object();
    fields.put("report_type", type);
    fields.put("path", layout.projectDir().relativize(file).toString());
    ledger.append("report", fields);
  }
}
