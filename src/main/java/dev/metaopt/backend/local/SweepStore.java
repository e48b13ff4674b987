package dev.metaopt.backend.local;

import dev.metaopt.io.AtomicFiles;
import dev.metaopt.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where sweeps live: {@code <.ml-metaopt>/local-sweeps/<sweep_id>/}. */
final class SweepStore {
  private final Path root;

  SweepStore(Path metaoptDir) {
    this.root = metaoptDir.resolve("local-sweeps");
  }

  /** The directory holding every sweep's directory. */
  Path root() {
    return root;
  }

  Path dir(String sweepId) {
    if (!sweepId.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("invalid sweep id '" + sweepId + "'");
    }
    return root.resolve(sweepId);
  }

  TrialProcess.TrialFiles files(String sweepId, String runId) {
    return new TrialProcess.TrialFiles(dir(sweepId).resolve("trials").resolve(runId));
  }

  Optional<SweepRecord> load(String sweepId) throws IOException {
    Path file = dir(sweepId).resolve("sweep.json");
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    return Optional.of(Json.mapper().readValue(Files.readString(file), SweepRecord.class));
  }

  void save(SweepRecord sweep) {
    AtomicFiles.writeString(dir(sweep.sweepId).resolve("sweep.json"),
        Json.pretty(Json.toTree(sweep)));
  }
}
