package dev.metaopt.state;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The upstream v4 state fixtures under {@code tests-fixtures/upstream/state/}. */
final class StateFixtures {
  static final Path DIR = Path.of("tests-fixtures/upstream/state");

  private StateFixtures() {}

  /** A fresh, mutable copy of {@code <name>.json}. */
  static ObjectNode load(String name) {
    try {
      return (ObjectNode) Json.parse(Files.readString(path(name)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path path(String name) {
    return DIR.resolve(name + ".json");
  }
}
