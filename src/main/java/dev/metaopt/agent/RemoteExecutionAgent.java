package dev.metaopt.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;
import dev.metaopt.machine.AgentId;
import dev.metaopt.machine.Phase;
import dev.metaopt.protocol.Attempt;
import dev.metaopt.protocol.ContractPaths;
import dev.metaopt.protocol.StateKeys;
import dev.metaopt.schema.SchemaKind;
import dev.metaopt.state.MachineState;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * LOCAL_SANITY, LAUNCH_SWEEP, WAIT_FOR_SWEEP and ANALYZE: smoke-tests the selected sweep, launches
 * it, polls it until it ends, and has it analysed. Each phase either asks for work (a directive or
 * a launch request, staying in its state) or consumes the work's result file and moves on — so
 * every result is evaluated (upstream D-5 never read the smoke result) and every WAIT_FOR_SWEEP
 * visit polls afresh (D-7).
 */
public final class RemoteExecutionAgent implements ControlAgent {
  @Override
  public AgentId id() {
    return AgentId.REMOTE;
  }

  @Override
  public Phase selectPhase(AgentContext ctx) {
    return switch (ctx.machineState()) {
      case LOCAL_SANITY -> Phase.GATE_LOCAL_SANITY;
      case LAUNCH_SWEEP -> Phase.PLAN_LAUNCH;
      case WAIT_FOR_SWEEP -> Phase.POLL_SWEEP;
      case ANALYZE -> Phase.ANALYZE;
      default -> throw new IllegalStateException(name() + " does not govern "
          + ctx.machineState());
    };
  }

  @Override
  public Map<Phase, Function<AgentContext, Handoff>> handlers() {
    return Map.of(
        Phase.GATE_LOCAL_SANITY, ctx -> guarded(ctx, Phase.GATE_LOCAL_SANITY,
            handoff -> gateLocalSanity(ctx, handoff)),
        Phase.PLAN_LAUNCH, ctx -> guarded(ctx, Phase.PLAN_LAUNCH,
            handoff -> planLaunch(ctx, handoff)),
        Phase.POLL_SWEEP, ctx -> guarded(ctx, Phase.POLL_SWEEP,
            handoff -> new SweepPoll(ctx, handoff).run()),
        Phase.ANALYZE, ctx -> guarded(ctx, Phase.ANALYZE,
            handoff -> new SweepAnalysis(ctx, handoff).run()));
  }

  /** Runs {@code body} once the state holds what {@code phase} needs; a gap is a broken state. */
  private Handoff guarded(AgentContext ctx, Phase phase, Function<Handoff, Handoff> body) {
    Handoff handoff = Handoff.create(id(), phase);
    String missing = missingInput(ctx);
    if (missing != null) {
      return broken(ctx, handoff, missing + " in " + ctx.machineState()
          + " (the state was edited or corrupted)");
    }
    return body.apply(handoff);
  }

  /** What this state needs from earlier states and lacks, or null. */
  private static String missingInput(AgentContext ctx) {
    boolean selected = ctx.state().path(StateKeys.SELECTED_SWEEP).isObject();
    boolean sweep = ctx.state().path(StateKeys.CURRENT_SWEEP).path("sweep_id").isTextual();
    return switch (ctx.machineState()) {
      case LOCAL_SANITY, LAUNCH_SWEEP -> selected ? null : "selected_sweep is missing";
      case WAIT_FOR_SWEEP, ANALYZE -> sweep ? null : "current_sweep is missing";
      default -> null;
    };
  }

  private Handoff gateLocalSanity(AgentContext ctx, Handoff handoff) {
    String file = ContractPaths.smokeResult(ctx.attempt());
    ResultRead read = ctx.readResult(file, SchemaKind.SMOKE_TEST_RESULT);
    ObjectNode working = ctx.working();
    if (read.isMissing()) {
      ObjectNode smoke = Directives.of("run_smoke_test",
          "gate the sweep on a 60-second smoke test of the training entrypoint");
      smoke.put("command", ctx.campaign().project().smokeTestCommand());
      smoke.put("iteration", ctx.iteration());
      JsonNode selected = ctx.state().path(StateKeys.SELECTED_SWEEP);
      smoke.put("proposal_id", selected.path("proposal_id").asText());
      smoke.set("sweep_config", selected.path("sweep_config").deepCopy());
      smoke.put("result_file", file);
      handoff.directive(smoke);
      working.put(StateKeys.NEXT_ACTION, "run smoke test");
      handoff.recommend(MachineState.LOCAL_SANITY);
      handoff.summary("smoke test requested");
    } else if (read.isInvalid()) {
      return broken(ctx, handoff, read.problem());
    } else if (read.value().path("passed").asBoolean(false)) {
      working.put(StateKeys.NEXT_ACTION, "launch sweep");
      handoff.recommend(MachineState.LAUNCH_SWEEP);
      JsonNode sampled = read.value().path("sampled_trial");
      String warning = sampled.path("warning").asText("");
      String skipped = sampled.path("skipped").asText("");
      handoff.summary((read.value().path("timed_out").asBoolean(false)
          ? "smoke test still running at 60 s without crashing: passed"
          : "smoke test passed") + (warning.isEmpty() ? "" : "; warning: " + warning)
          + (skipped.isEmpty() ? "" : "; no configuration run: " + skipped));
    } else {
      String failure = SmokeFailure.describe(ctx, read.value(), file);
      working.put(StateKeys.NEXT_ACTION, "smoke test failed: " + failure + ". Fix it so it runs"
          + " in " + ctx.layout().projectDir() + ", " + Recipes.afterFix(ctx));
      TerminalCleanup.apply(ctx, handoff, MachineState.FAILED, "smoke test failed");
      handoff.summary("smoke test failed: " + failure);
    }
    return ctx.finish(handoff);
  }

  private Handoff planLaunch(AgentContext ctx, Handoff handoff) {
    String file = ContractPaths.launchResult(ctx.attempt());
    ResultRead read = ctx.readResult(file, SchemaKind.LAUNCH_SWEEP_RESULT);
    ObjectNode working = ctx.working();
    if (read.isInvalid()) {
      return broken(ctx, handoff, read.problem());
    }
    if (read.isPresent() && read.value().path("sweep_id").isTextual()) {
      JsonNode launch = read.value();
      working.set(StateKeys.CURRENT_SWEEP, liveSweep(launch, working, ctx.attempt()));
      working.put(StateKeys.NEXT_ACTION, "poll sweep status");
      handoff.recommend(MachineState.WAIT_FOR_SWEEP);
      handoff.summary("sweep " + launch.path("sweep_id").asText() + " launched");
    } else if (read.isPresent()) {
      String error = read.value().path("error").asText("launch failed without an error message");
      working.put(StateKeys.NEXT_ACTION, "sweep launch failed: " + error
          + "; fix the cause (see " + ctx.layout().resolveContractPath(file) + "), "
          + Recipes.afterFix(ctx));
      TerminalCleanup.apply(ctx, handoff, MachineState.FAILED, "sweep launch failed");
      handoff.summary("sweep launch failed: " + error);
    } else {
      handoff.directive(launchDirective(ctx, file));
      working.put(StateKeys.NEXT_ACTION, "execute launch sweep directive");
      handoff.recommend(MachineState.LAUNCH_SWEEP);
      handoff.summary("launch requested");
    }
    return ctx.finish(handoff);
  }

  /**
   * The {@code current_sweep} a successful launch result of {@code attempt} opens, not yet
   * polled; a retry's sweep names its retry, so its poll files are found again.
   */
  static ObjectNode liveSweep(JsonNode launch, JsonNode state, Attempt attempt) {
    ObjectNode sweep = Json.object();
    sweep.put("sweep_id", launch.path("sweep_id").asText());
    sweep.set("sweep_url", launch.path("sweep_url").deepCopy());
    sweep.set("sky_job_ids", launch.path("sky_job_ids").deepCopy());
    sweep.set("launched_at", launch.path("launched_at").deepCopy());
    sweep.put("cumulative_spend_usd", 0.0);
    sweep.put("polls", 0);
    sweep.put("proposal_id", state.path(StateKeys.SELECTED_SWEEP).path("proposal_id").asText());
    if (attempt.retry() > 0) {
      sweep.put(Attempt.RETRY, attempt.retry());
    }
    return sweep;
  }

  private static ObjectNode launchDirective(AgentContext ctx, String file) {
    JsonNode selected = ctx.state().path(StateKeys.SELECTED_SWEEP);
    ObjectNode launch = Directives.of("launch_sweep",
        "register the selected sweep and start its agents");
    launch.set("sweep_config", selected.path("sweep_config").deepCopy());
    launch.put("proposal_id", selected.path("proposal_id").asText());
    JsonNode compute = ctx.campaignSection("compute");
    ObjectNode sky = Json.object();
    sky.set("provider", compute.path("provider").deepCopy());
    sky.set("accelerator", compute.path("accelerator").deepCopy());
    sky.set("num_agents", compute.path("num_sweep_agents").deepCopy());
    sky.set("idle_minutes_to_autostop", compute.path("idle_timeout_minutes").deepCopy());
    launch.set("sky_task_spec", sky);
    launch.put("iteration", ctx.iteration());
    if (ctx.attempt().retry() > 0) {
      launch.put(Attempt.RETRY, ctx.attempt().retry()); // a retried sweep is a new sweep
    }
    launch.put("result_file", file);
    return launch;
  }

  /** A result or state that breaks the contract: the campaign cannot continue safely. */
  static Handoff broken(AgentContext ctx, Handoff handoff, String problem) {
    return TerminalCleanup.blocked(ctx, handoff, "execution", problem);
  }
}
