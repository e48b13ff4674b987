package dev.metaopt.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.protocol.TrialState;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a trial's logged values are judged: only the objective can stop it, and a trial that never
 * logged the objective as a number is told what it logged instead. The watchdog of a running
 * trial asks the same {@link MetricLog#nonFinite()} as the verdict on an ended one judged here.
 */
class TrialVerdictTest {
  @TempDir Path dir;

  @Test
  void otherMetricsNaNInfiniteOrHugeDoNotStopAHealthyTrial() throws Exception {
    // given: an fp16 run (a skipped step's grad_norm is NaN, another's inf) whose W&B summary
    // holds the Hugging Face Trainer's total_flos
    TrialProcess.TrialFiles files = files("""
        {"loss": 0.9, "grad_norm": NaN, "_step": 1}
        {"loss": 0.7, "grad_norm": Infinity, "tokens_seen": 2.5e12, "_step": 2}
        """);
    Path summary = files.wandbDir().resolve("wandb/offline-run-1/files/wandb-summary.json");
    Files.createDirectories(summary.getParent());
    Files.writeString(summary, "{\"loss\": 0.5, \"train/total_flos\": 1.3e16, \"_step\": 3}");

    SweepRecord.Trial trial = ended(files, "loss");

    assertThat(trial.state).isEqualTo(TrialState.FINISHED);
    assertThat(trial.metric).isEqualTo(0.5);
  }

  @Test
  void aLineThatIsNotUtf8HidesNoMetricLine() throws Exception {
    // given: a library printed a Latin-1 "é" (byte 0xE9) before the metric lines
    TrialProcess.TrialFiles files = new TrialProcess.TrialFiles(dir);
    Files.write(files.stdout(), concat("chargement du caf".getBytes(StandardCharsets.UTF_8),
        new byte[] {(byte) 0xE9, '\n'}, "{\"loss\": 0.25}\n".getBytes(StandardCharsets.UTF_8)));

    SweepRecord.Trial trial = ended(files, "loss");

    assertThat(trial.state).isEqualTo(TrialState.FINISHED);
    assertThat(trial.metric).isEqualTo(0.25);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  @Test
  void aHugeButFiniteObjectiveIsAMeasurement() throws Exception {
    // an un-normalised regression's mean squared error in its first epoch
    SweepRecord.Trial trial = ended(files("{\"mse\": 3.2e13, \"_step\": 0}\n"), "mse");

    assertThat(trial.state).isEqualTo(TrialState.FINISHED);
    assertThat(trial.metric).isEqualTo(3.2e13);
  }

  @Test
  void anObjectiveLoggedAsNaNOrInfinityStopsTheTrialAndSaysWhere() throws Exception {
    TrialProcess.TrialFiles files = files("""
        {"loss": 0.9, "_step": 0}
        {"loss": -Infinity, "_step": 4}
        {"loss": NaN, "_step": 5}
        """);

    assertThat(MetricLog.read(files, "loss").nonFinite()).isEqualTo("loss = -Infinity at step 4");
    SweepRecord.Trial trial = ended(files, "loss");
    assertThat(trial.state).isEqualTo(TrialState.KILLED);
    assertThat(trial.reason).isEqualTo("nan");
    assertThat(trial.error).isEqualTo("loss = -Infinity at step 4");
  }

  @Test
  void anObjectiveLoggedAsTextIsNamedAsNotANumber() throws Exception {
    // a tensor or a formatted string logged in place of the number
    SweepRecord.Trial trial = ended(files("{\"loss\": \"0.53\", \"acc\": 0.8}\n"), "loss");

    assertThat(trial.state).isEqualTo(TrialState.FAILED);
    assertThat(trial.reason).isEqualTo("no loss logged");
    assertThat(trial.error).isEqualTo("it logged loss as \"0.53\", which is not a number (log"
        + " the value itself, e.g. float(value) in Python)");
  }

  @Test
  void anObjectivePrintedInAPythonDictIsNamedAsNotJson() throws Exception {
    // Hugging Face's Trainer prints its logs with str(logs) (ProgressCallback.on_log,
    // transformers/trainer_callback.py; PrinterCallback prints the dict): Python, not JSON
    SweepRecord.Trial trial = ended(files("""
        {'loss': 0.6931, 'grad_norm': 1.25, 'learning_rate': 5e-05, 'epoch': 0.5}
        {'eval_loss': 0.5512, 'eval_runtime': 1.2034, 'eval_samples_per_second': 830.9, \
        'epoch': 1.0}
        """), "eval_loss");

    assertThat(trial.state).isEqualTo(TrialState.FAILED);
    assertThat(trial.error).isEqualTo("it printed {'eval_loss': 0.5512, 'eval_runtime': 1.2034,"
        + " 'eval_samples_per_second': 830.9, …}, a Python dict, which is not JSON (print"
        + " json.dumps(logs) instead, or log to W&B)");
  }

  @Test
  void aTrialThatLoggedOtherNamesIsToldWhichOnes() throws Exception {
    SweepRecord.Trial trial = ended(files("{\"val_loss\": 0.5, \"acc\": 0.8}\n"), "loss");

    assertThat(trial.state).isEqualTo(TrialState.FAILED);
    assertThat(trial.error).isEqualTo("it logged acc, val_loss");
  }

  private TrialProcess.TrialFiles files(String stdout) throws Exception {
    TrialProcess.TrialFiles files = new TrialProcess.TrialFiles(dir);
    Files.writeString(files.stdout(), stdout);
    return files;
  }

  /** The verdict on a trial that exited 0 after logging what {@code files} hold. */
  private static SweepRecord.Trial ended(TrialProcess.TrialFiles files, String metric) {
    SweepRecord.Trial trial = new SweepRecord.Trial();
    TrialOutcome.end(trial, files, MetricLog.read(files, metric), 0, metric, 1000);
    return trial;
  }
}
