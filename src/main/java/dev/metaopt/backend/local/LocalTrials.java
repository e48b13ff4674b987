package dev.metaopt.backend.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.ExitCode;
import dev.metaopt.MetaoptException;
import dev.metaopt.backend.Reproduction;
import dev.metaopt.backend.TrialRecord;
import dev.metaopt.protocol.TrialState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The local backend's sweeps read back for people: every trial of every sweep under
 * {@code .ml-metaopt/local-sweeps/}, the history a trial logged, and the exact command that
 * reruns it. Read-only: nothing here starts, stops or rewrites anything.
 */
public final class LocalTrials {
  private LocalTrials() {}

  /** The ids of every local sweep, oldest first. */
  public static List<String> sweepIds(Path metaoptDir) {
    Path root = metaoptDir.resolve("local-sweeps");
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("sweep.json")))
          .map(d -> d.getFileName().toString())
          .sorted(Comparator.comparingLong((String id) -> load(metaoptDir, id).createdMillis)
              .thenComparing(Comparator.naturalOrder()))
          .toList();
    } catch (IOException e) {
      throw new MetaoptException(ExitCode.IO_ERROR, "could not list " + root + ": " + e);
    }
  }

  /** Every trial of sweep {@code sweepId}, in the order they were started. */
  public static List<TrialRecord> read(Path metaoptDir, String sweepId) {
    SweepStore store = new SweepStore(metaoptDir);
    SweepRecord sweep = load(metaoptDir, sweepId);
    String objective = SweepSpec.parse(sweep.config).metric();
    List<TrialRecord> trials = new ArrayList<>();
    for (SweepRecord.Trial t : sweep.trials) {
      TrialProcess.TrialFiles files = store.files(sweepId, t.runId);
      Map<String, Double> metrics = new LinkedHashMap<>(
          TrialOutput.summary(TrialOutput.history(files)));
      if (t.metric != null) {
        metrics.putIfAbsent(objective, t.metric); // the trial's logs may have been cleaned up
      }
      boolean ended = t.endedMillis > 0 && !t.running() && t.state != TrialState.STARTING;
      trials.add(new TrialRecord(sweepId, t.runId, t.state.wireName(), t.values,
          t.state == TrialState.FINISHED ? t.metric : null, metrics,
          t.startedMillis > 0 ? Instant.ofEpochMilli(t.startedMillis) : null,
          ended ? Instant.ofEpochMilli(t.endedMillis) : null, null, t.reason,
          ended ? TrialOutput.endCause(t, files) : null,
          files.dir().toUri().toString()));
    }
    return trials;
  }

  /** Every JSON line trial {@code runId} logged, in order (empty when its logs are gone). */
  public static List<ObjectNode> history(Path metaoptDir, String sweepId, String runId) {
    return TrialOutput.history(new SweepStore(metaoptDir).files(sweepId, runId));
  }

  /**
   * The command that reruns trial {@code runId} exactly: the argv the backend built, in the
   * directory it ran in, with {@code WANDB_MODE=offline} (what the trial had unless the user set
   * another mode) and, while the trial's directory is kept, the parameter file
   * {@code wandb.init()} reads.
   */
  public static Optional<Reproduction> reproduction(Path metaoptDir, String sweepId,
      String runId) {
    SweepStore store = new SweepStore(metaoptDir);
    SweepRecord sweep = load(metaoptDir, sweepId);
    for (SweepRecord.Trial t : sweep.trials) {
      if (t.runId.equals(runId)) {
        TrialProcess.TrialFiles files = store.files(sweepId, runId);
        List<String> argv = TrialCommand.argv(sweep.trainCommand,
            t.values, files.argsJson().toString());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("WANDB_MODE", "offline");
        if (Files.isRegularFile(files.params())) {
          env.put("WANDB_SWEEP_PARAM_PATH", files.params().toString());
        }
        return Optional.of(new Reproduction(argv, env, Path.of(sweep.projectDir)));
      }
    }
    return Optional.empty();
  }

  /**
   * The argv {@code wandb agent} builds for a run with {@code values}: the campaign's command
   * ({@code train_command}) with the W&B macros expanded. Both backends register the same command,
   * so this also reruns a remote run.
   */
  public static List<String> agentCommand(String trainCommand, Map<String, JsonNode> values) {
    return TrialCommand.argv(trainCommand, values, "args.json");
  }

  private static SweepRecord load(Path metaoptDir, String sweepId) {
    Path file = new SweepStore(metaoptDir).dir(sweepId).resolve("sweep.json");
    try {
      return new SweepStore(metaoptDir).load(sweepId).orElseThrow(() -> new MetaoptException(
          ExitCode.INVALID_INPUT, "no local sweep record at " + file));
    } catch (IOException e) {
      throw new MetaoptException(ExitCode.INVALID_INPUT, file + " is not a readable sweep record ("
          + e.getMessage() + "); it was left as it is: restore it from a backup or remove the"
          + " sweep's directory to leave its trials out", e);
    }
  }
}
