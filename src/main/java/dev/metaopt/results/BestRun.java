package dev.metaopt.results;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.backend.Reproduction;
import dev.metaopt.backend.TrialRecord;
import dev.metaopt.backend.local.LocalTrials;
import dev.metaopt.json.Json;
import java.util.Map;
import java.util.Optional;

/**
 * The best trial of a campaign (by the objective's direction, over every trial with a result)
 * and how to run it again: the exact argv, environment and directory, shown as one shell line.
 *
 * @param row the best trial
 * @param facts the campaign it belongs to
 * @param reproduction the command that reruns it, when it can be rebuilt
 */
public record BestRun(TrialRow row, CampaignFacts facts, Optional<Reproduction> reproduction) {

  /** The best trial of {@code trials}, if any trial produced a result. */
  public static Optional<BestRun> of(CampaignTrials trials) {
    return trials.best().map(row -> new BestRun(row, trials.facts(), reproduce(trials, row)));
  }

  /**
   * The reproduction as one line for a POSIX shell, after the campaign's
   * {@code project.setup_command} when it has one (what ran before the trial's first run).
   */
  public Optional<String> shellLine() {
    return reproduction.map(r -> ShellLine.of(r.workingDir().toString(),
        Optional.ofNullable(facts.setupCommand()), r.environment(), r.argv()));
  }

  /** The document {@code metaopt best --json} prints (full precision). */
  public ObjectNode json() {
    TrialRecord t = row.trial();
    ObjectNode doc = Json.object();
    doc.put("metric", facts.metric());
    doc.put("direction", facts.direction());
    doc.put("value", t.objective());
    doc.put("iteration", row.iteration());
    doc.put("sweep_id", t.sweepId());
    doc.put("run_id", t.runId());
    ObjectNode config = doc.putObject("config");
    t.config().forEach(config::set);
    ObjectNode metrics = doc.putObject("metrics");
    t.metrics().forEach(metrics::put);
    doc.put("url", t.url());
    if (reproduction.isPresent()) {
      ObjectNode command = doc.putObject("command");
      reproduction.get().argv().forEach(command.putArray("argv")::add);
      ObjectNode env = command.putObject("env");
      reproduction.get().environment().forEach(env::put);
      command.put("cwd", reproduction.get().workingDir().toString());
      command.put("setup_command", facts.setupCommand());
      command.put("shell", shellLine().orElseThrow());
    } else {
      doc.putNull("command");
    }
    return doc;
  }

  private static Optional<Reproduction> reproduce(CampaignTrials trials, TrialRow row) {
    TrialRecord t = row.trial();
    if (trials.facts().local()) {
      // where the trial ran; the project's directory now if it has moved since
      return LocalTrials.reproduction(trials.layout().metaoptDir(), t.sweepId(), t.runId())
          .map(r -> java.nio.file.Files.isDirectory(r.workingDir()) ? r
              : new Reproduction(r.argv(), r.environment(), trials.layout().projectDir()));
    }
    // What `wandb agent` ran on the node: the campaign's train command with the run's values.
    try {
      return Optional.of(new Reproduction(LocalTrials.agentCommand(
          trials.facts().trainCommand(), t.config()), Map.of(), trials.layout().projectDir()));
    } catch (IllegalArgumentException noCommand) {
      return Optional.empty(); // the campaign names no command to rerun
    }
  }
}
