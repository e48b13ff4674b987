package dev.metaopt.orchestrator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.ExitCode;
import dev.metaopt.MetaoptException;
import dev.metaopt.agent.Agents;
import dev.metaopt.agent.Recipes;
import dev.metaopt.io.AtomicFiles;
import dev.metaopt.io.InputFiles;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.io.WriteHold;
import dev.metaopt.json.Json;
import dev.metaopt.state.MachineState;
import dev.metaopt.state.ProjectLock;
import dev.metaopt.state.StateStore;
import dev.metaopt.worker.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of {@code run} and {@code resume}: finds the project, takes its lock and runs the
 * orchestrator with the default agents and work executors.
 */
public final class CampaignSession {
  private static final Logger log = LoggerFactory.getLogger(CampaignSession.class);
  /** The load handoff, whose {@code campaign_path} tells {@code resume} which file to reload. */
  static final String LOAD_HANDOFF = "metaopt-load-campaign-LOAD_CAMPAIGN.json";

  private CampaignSession() {}

  /** Runs the campaign in {@code campaignFile}; its directory is the project directory. */
  public static SessionOutcome run(Path campaignFile, int maxSteps) {
    return run(campaignFile, maxSteps, new StopRequest(), line -> { });
  }

  /**
   * As {@link #run(Path, int)}, ending after the current step once {@code stop} is asked, with
   * the live status line handed to {@code statusLine} after every step.
   */
  public static SessionOutcome run(Path campaignFile, int maxSteps, StopRequest stop,
      Consumer<String> statusLine) {
    // checked before anything is written: the project directory is the file's directory
    Path absolute = InputFiles.requireFile(campaignFile, "campaign file");
    ProjectLayout layout = new ProjectLayout(absolute.getParent());
    return runLocked(layout, absolute, maxSteps, false, stop, statusLine);
  }

  /** Resumes the campaign of {@code projectDir} from its persisted state. */
  public static SessionOutcome resume(Path projectDir, int maxSteps) {
    return resume(projectDir, maxSteps, false, new StopRequest(), line -> { });
  }

  /**
   * As {@link #resume(Path, int)}, with a stop request and a live status line as in run;
   * {@code retry} re-enters a FAILED or BLOCKED_PROTOCOL campaign (after the user fixed the cause).
   */
  public static SessionOutcome resume(Path projectDir, int maxSteps, boolean retry,
      StopRequest stop, Consumer<String> statusLine) {
    ProjectLayout layout = new ProjectLayout(projectDir);
    if (!Files.isRegularFile(layout.stateFile())) {
      throw new MetaoptException(ExitCode.INVALID_INPUT, nothingToResume(layout));
    }
    return runLocked(layout, campaignOf(layout), maxSteps, retry, stop, statusLine);
  }

  /**
   * Why there is nothing to resume. A campaign killed before its first state was written has
   * lost nothing (no step ran), and its load handoff names the file to run again.
   */
  private static String nothingToResume(ProjectLayout layout) {
    try {
      Path campaign = campaignOf(layout);
      return "nothing to resume: the campaign in " + layout.projectDir() + " stopped before its"
          + " first state was written, so no step ran and nothing is lost; start it again with"
          + " '" + Recipes.run(campaign) + "'";
    } catch (MetaoptException noLoadHandoff) {
      return "nothing to resume: no " + layout.stateFile() + "; name the campaign ('metaopt"
          + " resume path/to/campaign.yaml' or -C DIR), or start one with 'metaopt run"
          + " <campaign.yaml>'";
    }
  }

  private static SessionOutcome runLocked(ProjectLayout layout, Path campaign, int maxSteps,
      boolean retry, StopRequest stop, Consumer<String> statusLine) {
    try (ProjectLock lock = ProjectLock.acquire(layout);
        ProjectLog projectLog = ProjectLog.open(layout)) {
      int leftovers = AtomicFiles.removeLeftovers(layout.metaoptDir());
      if (leftovers > 0) {
        log.info("removed {} temporary file(s) left by an interrupted write", leftovers);
      }
      // the stop request is the pacer too: a pause between polls ends when a stop is asked
      Orchestrator orchestrator = new Orchestrator(layout, Agents.registry(),
          WorkExecutors.standard(layout), stop, Clock.systemUTC(), stop, statusLine);
      return orchestrator.run(campaign, maxSteps, retry);
    }
  }

  /**
   * Abandons the step in progress at once (a second Ctrl-C): holds every further write, kills
   * the workers and smoke tests this process is running (trials keep running), removes the lock
   * file, and says where the campaign stands as last persisted. The caller then halts the
   * process: every write being atomic and every step idempotent, this is as safe as a crash,
   * which resume is built for.
   */
  public static SessionOutcome abandon(Path projectDir, String signal) {
    WriteHold.holdForever(); // first: no result of the kills below may be written as an outcome
    ProcessRunner.killRunning();
    ProjectLayout layout = new ProjectLayout(projectDir);
    ProjectLock.removeFileOfThisProcess(layout);
    Optional<ObjectNode> state = Optional.empty();
    try {
      state = new StateStore(layout).read();
    } catch (MetaoptException unreadable) {
      // said below: there is nothing to report but the command
    }
    MachineState at = state.flatMap(s -> MachineState.parse(s.path("machine_state").asText()))
        .orElse(null);
    if (state.isEmpty() || at == null) {
      return new SessionOutcome(null, ExitCode.INTERRUPTED, "interrupted by " + signal
          + " before the campaign had a state; start it again with 'metaopt run'", 0);
    }
    return Interruption.outcome(layout, state.get(), at, signal, 0, Instant.now());
  }

  /** The campaign file recorded by the last LOAD_CAMPAIGN of this project. */
  static Path campaignOf(ProjectLayout layout) {
    Path handoff = layout.handoffsDir().resolve(LOAD_HANDOFF);
    try {
      JsonNode load = Json.parse(Files.readString(handoff));
      String recorded = load.path("campaign_path").asText("");
      if (!recorded.isEmpty()) {
        return layout.projectDir().resolve(recorded).normalize();
      }
    } catch (IOException e) {
      // fall through to the message below
    }
    throw new MetaoptException(ExitCode.INVALID_INPUT, "cannot tell which campaign file "
        + layout.projectDir() + " runs (" + handoff + " is missing or unreadable)"
        + "; resume with 'metaopt run <campaign.yaml>' instead");
  }
}
