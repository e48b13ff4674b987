package dev.metaopt.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StateMachineDocTest {
  private static final Path DOC = Path.of("references/state-machine.md");

  @Test
  void referenceDocEmbedsTheDiagramGeneratedFromTheTable() throws Exception {
    // given
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    int begin = doc.indexOf(StateMachineDiagram.BEGIN);
    int end = doc.indexOf(StateMachineDiagram.END);

    assertThat(begin).as("generated block start marker").isNotNegative();
    assertThat(end).as("generated block end marker").isGreaterThan(begin);

    // when
    String embedded = doc.substring(begin, end + StateMachineDiagram.END.length());
    if (Boolean.getBoolean("metaopt.regenerateDocs")) {
      Files.writeString(DOC, doc.replace(embedded, StateMachineDiagram.markdown()));
      return;
    }

    // then (refresh with: mvn -q test -Dtest=StateMachineDocTest -Dmetaopt.regenerateDocs=true)
    assertThat(embedded)
        .as("references/state-machine.md is stale; regenerate it with StateMachineDiagram")
        .isEqualTo(StateMachineDiagram.markdown());
  }

  @Test
  void everyNonTerminalStateHasAGoverningAgentAndAnExit() {
    for (var state : dev.metaopt.state.MachineState.values()) {
      if (state.isTerminal()) {
        assertThat(TransitionTable.spec(state)).isEmpty();
        continue;
      }
      assertThat(TransitionTable.spec(state)).as(state.name()).isPresent();
      assertThat(TransitionTable.transitions())
          .as("transitions out of " + state)
          .anyMatch(t -> t.from() == state && t.to() != state);
    }
  }
}
