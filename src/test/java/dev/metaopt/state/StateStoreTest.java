package dev.metaopt.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.ExitCode;
import dev.metaopt.MetaoptException;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.json.Json;
import dev.metaopt.protocol.StateKeys;
import dev.metaopt.testing.ChildJvm;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading and writing {@code .ml-metaopt/state.json}: strict reads, validated atomic writes. */
class StateStoreTest {
  @TempDir Path project;

  private StateStore store;

  @BeforeEach
  void createStore() {
    store = new StateStore(new ProjectLayout(project));
  }

  private Path stateFile() throws IOException {
    Files.createDirectories(store.file().getParent());
    return store.file();
  }

  @Test
  void readsNothingWhenNoStateExistsYet() {
    // when
    Optional<ObjectNode> state = store.read();

    // then
    assertThat(state).isEmpty();
    assertThat(project.resolve(".ml-metaopt")).doesNotExist();
  }

  @Test
  void readsTheUpstreamRunningState() throws IOException {
    // given
    Files.copy(StateFixtures.path("running"), stateFile());

    // when
    Optional<ObjectNode> state = store.read();

    // then
    assertThat(state).contains(StateFixtures.load("running"));
    assertThat(store.readForDisplay()).contains(StateFixtures.load("running"));
  }

  static Stream<Arguments> unreadableFiles() throws IOException {
    byte[] running = Files.readAllBytes(StateFixtures.path("running"));
    return Stream.of(
        Arguments.of("not JSON", "NOT VALID JSON {{{{".getBytes(StandardCharsets.UTF_8),
            "is not valid JSON"),
        Arguments.of("truncated", Arrays.copyOf(running, running.length / 2),
            "is not valid JSON"),
        Arguments.of("empty", new byte[0], "state must be a JSON object"),
        Arguments.of("a list", "[]".getBytes(StandardCharsets.UTF_8),
            "state must be a JSON object"),
        Arguments.of("trailing garbage", (new String(running, StandardCharsets.UTF_8) + "}")
            .getBytes(StandardCharsets.UTF_8), "is not valid JSON"),
        Arguments.of("invalid v4 state",
            Files.readAllBytes(StateFixtures.path("invalid-status-pair")),
            "invalid status/machine_state pairing"),
        Arguments.of("missing proposal_cycle",
            Files.readAllBytes(StateFixtures.path("invalid-missing-proposal-cycle")),
            "proposal_cycle"),
        Arguments.of("not UTF-8", "{\"campaign_id\": \"caf\u00e9\"}"
            .getBytes(StandardCharsets.ISO_8859_1), "is not UTF-8 text"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unreadableFiles")
  void refusesAnUnreadableStateAndLeavesItUntouched(String what, byte[] bytes, String problem)
      throws IOException {
    // given
    Path file = Files.write(stateFile(), bytes);

    // when / then: the display read (metaopt status) refuses it the same way
    for (ThrowingCallable read : List.<ThrowingCallable>of(store::read, store::readForDisplay)) {
      assertThatThrownBy(read)
          .isInstanceOfSatisfying(MetaoptException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
            assertThat(e.getMessage()).contains(file.toString()).contains(problem)
                .contains("left the file untouched");
          });
    }
    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
  }

  @Test
  void refusesADirectoryWhereTheStateFileShouldBe() throws IOException {
    // given
    Path directory = Files.createDirectories(store.file());

    // when / then
    assertThatThrownBy(store::read)
        .isInstanceOfSatisfying(MetaoptException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
          assertThat(e.getMessage()).contains(directory.toString()).contains("is a directory");
        });
    assertThat(directory).isDirectory();
  }

  @Test
  void refusesAStateFileLargerThanTheDocumentLimitWithoutReadingIt() throws IOException {
    // given: a sparse file one byte over the limit
    Path file = stateFile();
    try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
      sparse.setLength(Json.MAX_DOCUMENT_CHARS + 1L);
    }

    // when / then
    assertThatThrownBy(store::read)
        .isInstanceOfSatisfying(MetaoptException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
          assertThat(e.getMessage()).contains(file.toString()).contains("is larger than 16 MiB");
        });
    assertThat(Files.size(file)).isEqualTo(Json.MAX_DOCUMENT_CHARS + 1L);
  }

  @Test
  void writesAStateThatReadsBackEqual() {
    // given
    ObjectNode running = StateFixtures.load("running");

    // when
    store.write(running);

    // then
    assertThat(store.read()).contains(running);
  }

  @Test
  void writesSortedPrettyJsonWithATrailingNewline() throws IOException {
    // when
    store.write(StateFixtures.load("complete"));

    // then
    String text = Files.readString(store.file());
    assertThat(text).startsWith("{\n  \"baseline\" : {").endsWith("}\n");
  }

  @Test
  void leavesNoTemporaryFileBehind() throws IOException {
    // when
    store.write(StateFixtures.load("running"));
    store.write(StateFixtures.load("complete"));

    // then
    try (Stream<Path> files = Files.list(store.file().getParent())) {
      assertThat(files).containsExactly(store.file());
    }
  }

  @Test
  void refusesToWriteAnInvalidStateAndKeepsTheOldFile() throws IOException {
    // given
    store.write(StateFixtures.load("running"));
    byte[] before = Files.readAllBytes(store.file());
    ObjectNode invalid = StateFixtures.load("invalid-status-pair");

    // when / then
    assertThatThrownBy(() -> store.write(invalid))
        .isInstanceOfSatisfying(MetaoptException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(ExitCode.SOFTWARE);
          assertThat(e.getMessage()).contains(store.file().toString())
              .contains("invalid status/machine_state pairing");
        });
    assertThat(Files.readAllBytes(store.file())).isEqualTo(before);
  }

  @Test
  void ignoresATornTemporaryFileLeftByACrash() throws IOException {
    // given: a valid state, and the half-written temp file of a write that never finished
    store.write(StateFixtures.load("running"));
    byte[] running = Files.readAllBytes(store.file());
    Path stray = store.file().resolveSibling(".state.json.4242.tmp");
    Files.write(stray, Arrays.copyOf(running, running.length / 3));

    // when
    Optional<ObjectNode> state = store.read();
    store.write(StateFixtures.load("complete"));

    // then
    assertThat(state).contains(StateFixtures.load("running"));
    assertThat(store.read()).contains(StateFixtures.load("complete"));
  }

  @Test
  void neverShowsATornStateWhileAnotherProcessWritesAndIsKilled() throws Exception {
    // given: a child JVM rewriting the state in a tight loop
    int announced = 20;
    int concurrentReads = 200;
    try (ChildJvm writer = ChildJvm.main(StateWriterMain.class, project.resolve("writer.err"),
        project.toString(), StateFixtures.path("running").toAbsolutePath().toString(),
        String.valueOf(announced))) {
      for (int i = 1; i <= announced; i++) {
        assertThat(writer.readLine()).isEqualTo("WROTE " + i);
      }

      // when: read while it writes (a torn file would throw), then kill it mid-loop
      for (int i = 0; i < concurrentReads; i++) {
        assertThat(store.read()).isPresent();
      }
      writer.kill();
    }

    // then: the last complete write is on disk, and the store goes on writing
    ObjectNode survivor = store.read().orElseThrow();
    assertThat(StateValidator.validate(survivor)).isEmpty();
    assertThat(survivor.path(StateKeys.CURRENT_ITERATION).asInt())
        .isGreaterThanOrEqualTo(announced);
    store.write(StateFixtures.load("complete"));
    assertThat(store.read()).contains(StateFixtures.load("complete"));
  }

  @Test
  void readsTheStateAsPlainJsonThroughTheSharedMapper() throws IOException {
    // given: a state written by hand, keys in any order, compact
    ObjectNode running = StateFixtures.load("running");
    Files.writeString(stateFile(), Json.compact(running));

    // when / then
    assertThat(store.read()).contains(running);
  }
}
