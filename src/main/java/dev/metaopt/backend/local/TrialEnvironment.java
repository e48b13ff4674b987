package dev.metaopt.backend.local;

import dev.metaopt.worker.MinimalEnvironment;
import java.util.Map;

/**
 * The environment of a trial (and of the smoke test's sampled trial), as {@code wandb agent}
 * gives its runs: the minimal child environment plus the W&B sweep variables, offline unless the
 * user chose otherwise.
 */
final class TrialEnvironment {
  private TrialEnvironment() {}

  static Map<String, String> of(Map<String, String> environment, String sweepId, String runId,
      TrialProcess.TrialFiles files) {
    Map<String, String> env = MinimalEnvironment.from(environment);
    // a user who set WANDB_MODE=online (with their key) gets real W&B logging
    env.putAll(WandbVariables.forTrial(environment));
    // Python block-buffers stdout written to a file: a script that prints its metrics once per
    // epoch would look silent (and be killed as idle) although it is working.
    env.put("PYTHONUNBUFFERED", "1");
    env.put("WANDB_SWEEP_ID", sweepId);
    env.put("WANDB_RUN_ID", runId);
    env.put("WANDB_SWEEP_PARAM_PATH", files.params().toString());
    env.put("WANDB_DIR", files.wandbDir().toString());
    env.put("METAOPT_METRICS_FILE", files.metrics().toString());
    return env;
  }
}
