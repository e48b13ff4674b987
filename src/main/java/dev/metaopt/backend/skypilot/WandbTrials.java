package dev.metaopt.backend.skypilot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.ExitCode;
import dev.metaopt.MetaoptException;
import dev.metaopt.backend.TrialRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runs of a SkyPilot + W&B sweep read back for people through the W&B public API
 * ({@code WANDB_BASE_URL}, {@code WANDB_API_KEY} from the environment): configuration, summary
 * metrics, state, run time ({@code _runtime} of the summary) and the run's page.
 */
public final class WandbTrials {
  private WandbTrials() {}

  /** Every run of sweep {@code sweepId} in {@code entity/project}. */
  public static List<TrialRecord> read(Map<String, String> environment, String entity,
      String project, String sweepId, String objective) {
    WandbApi api = new WandbApi(new WandbHttp(environment.get("WANDB_BASE_URL"),
        environment.get("WANDB_API_KEY"), duration -> Thread.sleep(duration.toMillis())));
    WandbApi.Sweep sweep;
    try {
      sweep = api.sweep(entity, project, sweepId);
    } catch (IOException e) {
      throw new MetaoptException(ExitCode.IO_ERROR, "could not read the runs of W&B sweep "
          + entity + "/" + project + "/" + sweepId + ": " + e.getMessage()
          + "; check WANDB_API_KEY and WANDB_BASE_URL, then try again", e);
    }
    String runs = appUrl(environment) + "/" + entity + "/" + project + "/runs/";
    List<TrialRecord> trials = new ArrayList<>();
    for (WandbApi.Run run : sweep.runs()) {
      Map<String, Double> metrics = new LinkedHashMap<>();
      run.summary().fields().forEachRemaining(field -> {
        if (TrialRecord.isMetric(field)) {
          metrics.put(field.getKey(), field.getValue().asDouble());
        }
      });
      JsonNode value = run.summary().path(objective);
      boolean finished = "finished".equals(run.state()) && value.isNumber()
          && Double.isFinite(value.asDouble());
      JsonNode runtime = run.summary().path("_runtime");
      trials.add(new TrialRecord(sweepId, run.id(), run.state(), toMap(run.parameters()),
          finished ? value.asDouble() : null, metrics, null, null,
          runtime.isNumber() ? runtime.asDouble() : null,
          finished || "running".equals(run.state()) ? null : "W&B run state " + run.state(),
          null, runs + run.id()));
    }
    return trials;
  }

  /** The W&B app for an API server: {@code api.wandb.ai} is served at {@code wandb.ai}. */
  static String appUrl(Map<String, String> environment) {
    return environment.getOrDefault("WANDB_BASE_URL", "https://wandb.ai")
        .replace("api.wandb.ai", "wandb.ai").replaceAll("/+$", "");
  }

  private static Map<String, JsonNode> toMap(JsonNode parameters) {
    Map<String, JsonNode> values = new LinkedHashMap<>();
    parameters.fields().forEachRemaining(entry -> values.put(entry.getKey(), entry.getValue()));
    return values;
  }
}
