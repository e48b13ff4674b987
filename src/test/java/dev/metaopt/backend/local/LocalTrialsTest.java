package dev.metaopt.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.backend.TrialRecord;
import dev.metaopt.json.Json;
import dev.metaopt.protocol.TrialState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trial listing that `metaopt trials` and the reports print, read from a sweep's record. */
class LocalTrialsTest {
  @TempDir Path metaoptDir;

  @Test
  void aTrialThatEndedWithoutAResultCarriesTheCauseRecordedWhenItEnded() throws Exception {
    // given: one trial that logged val/loss instead of val_loss (its stderr holds a warning),
    // one that crashed with a traceback and no cause recorded, one that finished
    SweepRecord sweep = new SweepRecord();
    sweep.sweepId = "local-s";
    sweep.config = (ObjectNode) Json.parse("{\"method\": \"random\", \"metric\": {\"name\":"
        + " \"val_loss\"}, \"parameters\": {\"x\": {\"values\": [1, 2, 3]}}}");
    trial(sweep, "local-s-t001", TrialState.FAILED, "it logged epoch, val/loss",
        "UserWarning: the dataloader has 2 workers\n");
    trial(sweep, "local-s-t002", TrialState.FAILED, null, "Traceback\nKeyError: 'x'\n");
    trial(sweep, "local-s-t003", TrialState.FINISHED, null, "UserWarning: slow\n").metric = 0.3;
    new SweepStore(metaoptDir).save(sweep);

    List<TrialRecord> trials = LocalTrials.read(metaoptDir, "local-s");

    assertThat(trials).extracting(TrialRecord::errorLine)
        .containsExactly("it logged epoch, val/loss", "KeyError: 'x'", null);
  }

  private SweepRecord.Trial trial(SweepRecord sweep, String runId, TrialState state,
      String error, String stderr) throws Exception {
    SweepRecord.Trial trial = new SweepRecord.Trial();
    trial.runId = runId;
    trial.index = sweep.trials.size();
    trial.values = Map.of("x", Json.parse("1"));
    trial.state = state;
    trial.startedMillis = 1000;
    trial.endedMillis = 2000;
    trial.error = error;
    sweep.trials.add(trial);
    TrialProcess.TrialFiles files = new SweepStore(metaoptDir).files(sweep.sweepId, runId);
    Files.createDirectories(files.dir());
    Files.writeString(files.stderr(), stderr);
    return trial;
  }
}
