package dev.metaopt.orchestrator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.ExitCode;
import dev.metaopt.MetaoptException;
import dev.metaopt.agent.AgentContext;
import dev.metaopt.agent.AgentRegistry;
import dev.metaopt.agent.ControlAgent;
import dev.metaopt.agent.Handoff;
import dev.metaopt.agent.IgnoredChanges;
import dev.metaopt.dispatch.WorkExecutor;
import dev.metaopt.io.AtomicFiles;
import dev.metaopt.io.CrashPoints;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.json.Json;
import dev.metaopt.machine.Phase;
import dev.metaopt.protocol.StateKeys;
import dev.metaopt.report.AgentsHook;
import dev.metaopt.state.Ledger;
import dev.metaopt.state.MachineState;
import dev.metaopt.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one session of a campaign: LOAD_CAMPAIGN, HYDRATE_STATE, then agent steps until a
 * terminal state or the step budget. Every step follows the control protocol: choose the phase,
 * get a handoff, check it, record it, execute it, merge the patch, persist atomically.
 */
public final class Orchestrator {
  private static final Logger log = LoggerFactory.getLogger(Orchestrator.class);

  private final ProjectLayout layout;
  private final AgentRegistry registry;
  private final WorkExecutor.Factory executors;
  private final Pacer pacer;
  private final StateStore store;
  private final Ledger ledger;
  private final Clock clock;
  private final StopRequest stop;
  private final LiveProgress progress;

  public Orchestrator(
      ProjectLayout layout, AgentRegistry registry, WorkExecutor.Factory executors, Pacer pacer,
      Clock clock) {
    this(layout, registry, executors, pacer, clock, new StopRequest());
  }

  /**
   * With a stop request: once it is asked for, the session ends after the step in progress
   * (exit code INTERRUPTED), never in the middle of one.
   */
  public Orchestrator(
      ProjectLayout layout, AgentRegistry registry, WorkExecutor.Factory executors, Pacer pacer,
      Clock clock, StopRequest stop) {
    this(layout, registry, executors, pacer, clock, stop, line -> { });
  }

  /**
   * With a stop request and a live status line: {@code statusLine} receives the line after every
   * step (a terminal redraws it in place); trial starts and ends are logged either way.
   */
  public Orchestrator(
      ProjectLayout layout, AgentRegistry registry, WorkExecutor.Factory executors, Pacer pacer,
      Clock clock, StopRequest stop, Consumer<String> statusLine) {
    this.stop = Objects.requireNonNull(stop, "stop");
    this.layout = Objects.requireNonNull(layout, "layout");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.store = new StateStore(layout);
    this.ledger = new Ledger(layout.ledgerFile(), clock);
    this.executors = Objects.requireNonNull(executors, "executors");
    this.pacer = Objects.requireNonNull(pacer, "pacer");
    this.progress = new LiveProgress(layout, Objects.requireNonNull(statusLine, "statusLine"),
        clock);
  }

  /**
   * Runs a session on {@code campaignPath}: at most {@code maxSteps} agent steps after hydration
   * ({@code Integer.MAX_VALUE} for "until terminal").
   */
  public SessionOutcome run(Path campaignPath, int maxSteps) {
    return run(campaignPath, maxSteps, false);
  }

  /**
   * As {@link #run(Path, int)}; {@code retry} re-enters a FAILED or BLOCKED_PROTOCOL campaign
   * ({@code metaopt resume --retry}; where, see {@code agent.Reopenings}).
   */
  public SessionOutcome run(Path campaignPath, int maxSteps, boolean retry) {
    Optional<ObjectNode> existing = store.read();
    Handoff load = runAgent(MachineState.LOAD_CAMPAIGN, existing.orElse(null), null, campaignPath);
    JsonNode previousLoad = IgnoredChanges.previousLoad(layout.handoffsDir()
        .resolve(load.controlAgent() + "-" + MachineState.LOAD_CAMPAIGN + ".json"));
    Path loadFile = writeHandoff(MachineState.LOAD_CAMPAIGN, load);
    MachineState loaded = load.recommended().orElse(MachineState.BLOCKED_CONFIG);
    ledger.append("transition", StateTransitions.record(MachineState.LOAD_CAMPAIGN, loaded,
        registry.forState(MachineState.LOAD_CAMPAIGN).name(), "validate", load, loadFile));
    load.json().path("validation_warnings").forEach(w ->
        log.warn("{}: {}", campaignPath.getFileName(), w.asText()));
    if (loaded != MachineState.HYDRATE_STATE) {
      return loadRejected(load);
    }
    ObjectNode loadHandoff = load.json();
    StepExecution execution =
        new StepExecution(layout, executors.create(loadHandoff), pacer, ledger);
    ObjectNode state =
        hydrate(existing.orElse(null), loadHandoff, campaignPath, execution, retry);
    // said once, in the session's closing message: a finished campaign that did not reopen
    String ignored = existing.isPresent() && machineState(state).isTerminal()
        ? IgnoredChanges.describe(previousLoad, loadHandoff, state)
            .map(notice -> "\n" + campaignPath.getFileName() + ": " + notice).orElse("") : "";
    int steps = 0;
    progress.start(state, loadHandoff);
    while (steps < maxSteps && !machineState(state).isTerminal() && !stop.requested()) {
      state = step(state, loadHandoff, campaignPath, execution);
      steps++;
      progress.after(state);
    }
    MachineState end = machineState(state);
    if (!end.isTerminal() && stop.requested()) {
      return Interruption.outcome(layout, state, end, stop.reason(), steps, clock.instant());
    }
    return new SessionOutcome(end, SessionOutcome.exitCodeFor(end),
        state.path("next_action").asText("") + ignored, steps);
  }

  /** A campaign that cannot start: every problem goes into the message the user sees. */
  private SessionOutcome loadRejected(Handoff load) {
    JsonNode json = load.json();
    boolean invalidCampaign = !json.path("campaign_valid").asBoolean(false);
    StringBuilder message = new StringBuilder();
    if (invalidCampaign) {
      message.append(json.path("campaign_path").asText()).append(" is not a valid campaign (")
          .append(json.path("validation_issues").size()).append(" problem(s)):");
      json.path("validation_issues").forEach(issue ->
          message.append("\n  ").append(issue.asText()));
      message.append("\nfix these (nothing was changed), then run again");
    } else {
      message.append(json.path("summary").asText());
    }
    throw new MetaoptException(invalidCampaign ? ExitCode.INVALID_INPUT : ExitCode.BLOCKED_CONFIG,
        message.toString());
  }

  /** Runs HYDRATE_STATE; throws BLOCKED_CONFIG when the existing state must not be touched. */
  private ObjectNode hydrate(ObjectNode existing, ObjectNode loadHandoff, Path campaign,
      StepExecution execution, boolean retry) {
    AgentContext ctx = new AgentContext(MachineState.HYDRATE_STATE, existing, loadHandoff,
        campaign, layout, clock, retry);
    Handoff handoff = handler(MachineState.HYDRATE_STATE,
        registry.forState(MachineState.HYDRATE_STATE).selectPhase(ctx)).apply(ctx);
    ControlAgent agent = registry.forState(MachineState.HYDRATE_STATE);
    Path file = writeHandoff(MachineState.HYDRATE_STATE, handoff);
    List<String> problems =
        HandoffChecks.problems(handoff, agent.id(), MachineState.HYDRATE_STATE, layout);
    if (!problems.isEmpty()) {
      throw new MetaoptException(
          ExitCode.SOFTWARE, "HYDRATE_STATE produced an invalid handoff (" + file + "): " + problems);
    }
    Optional<MachineState> next = handoff.recommended();
    if (next.isEmpty() || handoff.statePatch() == null) {
      // Terminal campaign (nothing to change) or a state that must be left alone.
      execution.afterPersist(handoff, existing);
      if (existing == null || next.filter(s -> s != machineState(existing)).isPresent()) {
        ledger.append("transition", StateTransitions.record(MachineState.HYDRATE_STATE,
            next.orElse(MachineState.BLOCKED_CONFIG), agent.name(), "hydrate", handoff, file));
        throw new MetaoptException(ExitCode.BLOCKED_CONFIG, handoff.summary() + "; "
            + handoff.json().path("recovery_action").asText("")
            + " (.ml-metaopt/state.json was left untouched)");
      }
      return existing;
    }
    ObjectNode base = existing == null ? Json.object() : existing;
    ObjectNode state = StateTransitions.advance(base, handoff.statePatch(), next.get());
    store.write(state);
    if (existing != null && machineState(existing).isTerminal()) {
      // the reopening itself, so the ledger says when and why a finished campaign went on
      ledger.append("transition", StateTransitions.record(machineState(existing), next.get(),
          agent.name(), retry ? "retry" : "reopen", handoff, file));
    }
    ledger.append("transition", StateTransitions.record(
        MachineState.HYDRATE_STATE, next.get(), agent.name(), "hydrate", handoff, file));
    log.info("HYDRATE_STATE -> {} ({})", next.get(), handoff.summary());
    execution.afterPersist(handoff, state);
    return state;
  }

  /** One protocol step from a non-terminal state; returns the persisted next state. */
  ObjectNode step(
      ObjectNode state, ObjectNode loadHandoff, Path campaign, StepExecution execution) {
    MachineState from = machineState(state);
    ControlAgent agent = registry.forState(from);
    AgentContext ctx = new AgentContext(from, state, loadHandoff, campaign, layout, clock);
    Phase phase = agent.selectPhase(ctx);
    Handoff handoff = handler(from, phase).apply(ctx);
    Path file = writeHandoff(from, handoff);
    // the log keeps what the handoff file (replaced by the state's next one) warned about
    handoff.json().path("warnings").forEach(warning -> log.warn("{} in {}: {}", agent.name(),
        from, warning.asText()));
    List<String> problems = HandoffChecks.problems(handoff, agent.id(), from, layout);
    if (!problems.isEmpty()) {
      return block(state, campaign, agent.name() + "/" + phase + " broke the control protocol",
          problems, file, execution);
    }
    CrashPoints.reach("before executing the " + from + " handoff");
    Optional<String> workFailure = execution.beforePersist(handoff, loadHandoff);
    CrashPoints.reach("after executing the " + from + " handoff, before persisting");
    if (workFailure.isPresent()) {
      return block(state, campaign, agent.name() + "/" + phase + ": a worker failed its contract",
          List.of(workFailure.get()), file, execution);
    }
    MachineState to = handoff.recommended().orElse(from);
    ObjectNode patch = handoff.statePatch() == null ? Json.object() : handoff.statePatch();
    ObjectNode next = StateTransitions.advance(state, patch, to);
    if (to.isTerminal() && to != from) {
      next.put(StateKeys.STOPPED_IN, from.name()); // where resume --retry re-enters
    }
    List<String> invalid = StateTransitions.problems(next);
    if (!invalid.isEmpty()) {
      return block(state, campaign, agent.name() + "/" + phase + " produced an invalid state",
          invalid, file, execution);
    }
    store.write(next);
    CrashPoints.reach("after persisting " + to + ", before the ledger");
    ledger.append("transition",
        StateTransitions.record(from, to, agent.name(), phase.wireName(), handoff, file));
    CrashPoints.reach("after the ledger, before after-persist directives");
    logTransition(from, to, next, handoff);
    execution.afterPersist(handoff, next);
    return next;
  }

  /** Ends the campaign in BLOCKED_PROTOCOL, stopping a live sweep first. */
  private ObjectNode block(ObjectNode state, Path campaign, String what, List<String> problems,
      Path handoff, StepExecution execution) {
    execution.stopLiveSweep(state);
    ObjectNode blocked = StateTransitions.blockProtocol(state, what, problems, layout, handoff,
        campaign);
    blocked.put(StateKeys.STOPPED_IN, machineState(state).name());
    store.write(blocked);
    ObjectNode fields = Json.object();
    fields.put("from", machineState(state).name());
    fields.put("to", MachineState.BLOCKED_PROTOCOL.name());
    fields.put("reason", what);
    fields.set("problems", Json.toTree(problems));
    ledger.append("protocol_violation", fields);
    log.error("BLOCKED_PROTOCOL: {}", blocked.path("next_action").asText());
    AgentsHook.remove(layout.agentsFile());
    return blocked;
  }

  private Handoff runAgent(
      MachineState machineState, ObjectNode state, ObjectNode loadHandoff, Path campaign) {
    AgentContext ctx = new AgentContext(machineState, state, loadHandoff, campaign, layout, clock);
    return handler(machineState, registry.forState(machineState).selectPhase(ctx)).apply(ctx);
  }

  /** The handler of a declared phase; an undeclared one is a bug and leaves state untouched. */
  private Function<AgentContext, Handoff> handler(MachineState state, Phase phase) {
    try {
      return registry.handler(state, phase);
    } catch (AgentRegistry.UndeclaredPhaseException e) {
      throw new MetaoptException(ExitCode.SOFTWARE, e.getMessage()
          + "; nothing was changed (.ml-metaopt/state.json is untouched)", e);
    }
  }

  private Path writeHandoff(MachineState state, Handoff handoff) {
    Path file = layout.handoffsDir().resolve(handoff.controlAgent() + "-" + state + ".json");
    AtomicFiles.writeString(file, Json.pretty(handoff.json()));
    return file;
  }

  /**
   * One line per transition; the polls of a running sweep (it stays in WAIT_FOR_SWEEP) are
   * debug detail: the trial lines and the status line say what a person needs of them.
   */
  private static void logTransition(
      MachineState from, MachineState to, ObjectNode next, Handoff handoff) {
    String summary =
        handoff.summary().isEmpty() ? next.path("next_action").asText() : handoff.summary();
    if (from == MachineState.WAIT_FOR_SWEEP && to == from) {
      log.debug("iteration {} · {} -> {} · {}", next.path("current_iteration").asInt(), from, to,
          summary);
    } else {
      log.info("iteration {} · {} -> {} · {}", next.path("current_iteration").asInt(), from, to,
          summary);
    }
  }

  static MachineState machineState(ObjectNode state) {
    return MachineState.parse(state.path("machine_state").asText())
        .orElseThrow(() -> new MetaoptException(ExitCode.INVALID_INPUT,
            "state.json has an unknown machine_state '" + state.path("machine_state").asText()
                + "'; repair or restore .ml-metaopt/state.json"));
  }
}
