package dev.metaopt.state;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper JVM: rewrites the state file as fast as it can until it is killed. */
public final class StateWriterLoop {
  private StateWriterLoop() {}

  public static void main(String[] args) throws Exception {
    ProjectLayout layout = new ProjectLayout(Path.of(args[0]));
    ObjectNode state = (ObjectNode) Json.parse(Files.readString(Path.of(args[1])));
    StateStore store = new StateStore(layout);
    for (int i = 1; ; i++) {
      state.put("current_iteration", i);
      state.put("next_action", "x".repeat(i % 5000));
      store.write(state);
      if (i == 20) {
        System.out.println("WRITING");
        System.out.flush();
      }
    }
  }
}
