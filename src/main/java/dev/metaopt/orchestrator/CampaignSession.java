package dev.metaopt.orchestrator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.ExitCode;
import dev.metaopt.MetaoptException;
import dev.metaopt.agent.Agents;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.json.Json;
import dev.metaopt.state.ProjectLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Entry point of {@code run} and {@code resume}: finds the project, takes its lock and runs the
 * orchestrator with the default agents and work executors.
 */
public final class CampaignSession {
  /** The load handoff, whose {@code campaign_path} tells {@code resume} which file to reload. */
  static final String LOAD_HANDOFF = "metaopt-load-campaign-LOAD_CAMPAIGN.json";

  private CampaignSession() {}

  /** Runs the campaign in {@code campaignFile}; its directory is the project directory. */
  public static SessionOutcome run(Path campaignFile, int maxSteps) {
    Path absolute = campaignFile.toAbsolutePath().normalize();
    if (!Files.isRegularFile(absolute)) {
      // Checked before anything is written: the project directory is the file's directory.
      throw new MetaoptException(ExitCode.INVALID_INPUT, absolute + (Files.isDirectory(absolute)
          ? " is a directory; pass the campaign YAML file inside it"
          : ": campaign file not found; check the path"));
    }
    ProjectLayout layout = new ProjectLayout(absolute.getParent());
    return runLocked(layout, absolute, maxSteps);
  }

  /** Resumes the campaign of {@code projectDir} from its persisted state. */
  public static SessionOutcome resume(Path projectDir, int maxSteps) {
    ProjectLayout layout = new ProjectLayout(projectDir);
    if (!Files.isRegularFile(layout.stateFile())) {
      throw new MetaoptException(ExitCode.INVALID_INPUT, "nothing to resume: no "
          + layout.stateFile() + "; start a campaign with 'metaopt run <campaign.yaml>'");
    }
    return runLocked(layout, campaignOf(layout), maxSteps);
  }

  private static SessionOutcome runLocked(ProjectLayout layout, Path campaign, int maxSteps) {
    try (ProjectLock lock = ProjectLock.acquire(layout); ProjectLog log = ProjectLog.open(layout)) {
      Orchestrator orchestrator = new Orchestrator(layout, Agents.registry(),
          WorkExecutors.standard(layout), Pacer.sleeping(), Clock.systemUTC());
      return orchestrator.run(campaign, maxSteps);
    }
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
