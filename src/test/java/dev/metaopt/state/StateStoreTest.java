package dev.metaopt.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.MetaoptException;
import dev.metaopt.cli.ExitCode;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.json.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading refuses bad files without touching them; writing is validated and atomic. */
class StateStoreTest {
  @TempDir Path dir;
  ProjectLayout layout;
  StateStore store;

  @BeforeEach
  void setUp() throws Exception {
    layout = new ProjectLayout(dir);
    store = new StateStore(layout);
    Files.createDirectories(layout.metaoptDir());
  }

  @Test
  void noFileMeansNoState() {
    assertThat(store.read()).isEmpty();
  }

  @Test
  void writeThenReadRoundTrips() {
    ObjectNode state = StateValidatorTest.fixture("running");
    store.write(state);
    assertThat(store.read()).contains(state);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"version\": 4, \"campaign_id\": ", "not json", "[]",
      "{\"version\": 3}"})
  void anUnreadableStateIsRefusedAndLeftUntouched(String content) throws Exception {
    // given
    Files.writeString(layout.stateFile(), content);

    // when / then
    assertThatThrownBy(store::read)
        .isInstanceOfSatisfying(MetaoptException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
          assertThat(e.getMessage()).contains(layout.stateFile().toString(), "untouched");
        });
    assertThat(layout.stateFile()).hasContent(content);
  }

  @Test
  void nonUtf8StateIsRefused() throws Exception {
    Files.write(layout.stateFile(), new byte[] {'{', (byte) 0xff, '}'});
    assertThatThrownBy(store::read).hasMessageContaining("not UTF-8");
    assertThat(Files.readAllBytes(layout.stateFile())).containsExactly('{', (byte) 0xff, '}');
  }

  @Test
  void writingAnInvalidStateIsRefusedAndKeepsThePreviousFile() throws Exception {
    // given
    store.write(StateValidatorTest.fixture("running"));
    String before = Files.readString(layout.stateFile());
    ObjectNode broken = StateValidatorTest.fixture("running");
    broken.remove("proposal_cycle");

    // when / then
    assertThatThrownBy(() -> store.write(broken))
        .isInstanceOfSatisfying(MetaoptException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.SOFTWARE));
    assertThat(layout.stateFile()).hasContent(before);
  }

  @Test
  void aStrayTempFileFromACrashedWriteIsIgnored() throws Exception {
    store.write(StateValidatorTest.fixture("running"));
    Files.writeString(layout.metaoptDir().resolve(".state.json.123.tmp"), "{\"version\": 4, \"ca");
    assertThat(store.read()).isPresent();
  }

  @Test
  void killingAWriterMidWriteLeavesAValidState() throws Exception {
    // given: a child JVM rewriting state.json in a tight loop
    Path seed = dir.resolve("seed.json");
    Files.writeString(seed, Json.pretty(StateValidatorTest.fixture("running")));
    Process writer = ChildJvm.start(StateWriterLoop.class, dir.toString(), seed.toString());
    try {
      String line = new BufferedReader(new InputStreamReader(writer.getInputStream())).readLine();
      assertThat(line).isEqualTo("WRITING");
    } finally {
      // when: it is killed (SIGKILL) while writing
      ChildJvm.end(writer);
    }

    // then: the file holds one complete state, never a torn one
    ObjectNode state = store.read().orElseThrow();
    assertThat(state.path("current_iteration").asInt()).isGreaterThanOrEqualTo(20);
  }
}
