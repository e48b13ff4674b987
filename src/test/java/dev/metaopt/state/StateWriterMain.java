package dev.metaopt.state;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.json.Json;
import dev.metaopt.protocol.StateKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child-process helper for {@link StateStoreTest}: rewrites the state of the project in
 * {@code args[0]} forever (from the fixture in {@code args[1]}), each time with the next
 * iteration number and a few hundred KiB of learnings so that a kill is likely to land mid-write.
 * Prints {@code WROTE <n>} after each of the first {@code args[2]} writes, then stays silent
 * (a full stdout pipe must not stall it between writes).
 */
public final class StateWriterMain {
  private StateWriterMain() {}

  public static void main(String[] args) throws IOException {
    StateStore store = new StateStore(new ProjectLayout(Path.of(args[0])));
    ObjectNode state = (ObjectNode) Json.parse(Files.readString(Path.of(args[1])));
    int announced = Integer.parseInt(args[2]);
    ArrayNode learnings = state.putArray(StateKeys.KEY_LEARNINGS);
    for (int i = 0; i < 300; i++) {
      learnings.add("learning " + i + ": " + "x".repeat(1000));
    }
    for (int iteration = 1; ; iteration++) {
      state.put(StateKeys.CURRENT_ITERATION, iteration);
      store.write(state);
      if (iteration <= announced) {
        System.out.println("WROTE " + iteration);
        System.out.flush();
      }
    }
  }
}
