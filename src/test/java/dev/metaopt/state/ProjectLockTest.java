package dev.metaopt.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metaopt.MetaoptException;
import dev.metaopt.cli.ExitCode;
import dev.metaopt.io.ProjectLayout;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One orchestrator per project directory, across processes, surviving a killed holder. */
class ProjectLockTest {
  @TempDir Path dir;

  @Test
  void twoProcessesRacingForTheLockExactlyOneWins() throws Exception {
    Process first = null;
    Process second = null;
    try {
      // when: two JVMs start at the same time
      first = ChildJvm.start(LockHolder.class, dir.toString());
      second = ChildJvm.start(LockHolder.class, dir.toString());
      String a = firstLine(first);
      String b = firstLine(second);

      // then: one holds the lock, the other was refused with exit 8 naming the holder
      List<String> lines = new ArrayList<>(List.of(a, b));
      assertThat(lines).filteredOn(l -> l.startsWith("ACQUIRED")).hasSize(1);
      assertThat(lines).filteredOn(l -> l.startsWith("REFUSED")).singleElement().asString()
          .contains("another metaopt process (pid ", "lock");
      Process loser = a.startsWith("REFUSED") ? first : second;
      assertThat(loser.waitFor()).isEqualTo(ExitCode.LOCKED.code());
    } finally {
      ChildJvm.end(first);
      ChildJvm.end(second);
    }
  }

  @Test
  void aLockLeftByAKilledProcessIsReclaimed() throws Exception {
    Process holder = ChildJvm.start(LockHolder.class, dir.toString());
    try {
      assertThat(firstLine(holder)).startsWith("ACQUIRED");
      assertThatThrownBy(() -> ProjectLock.acquire(new ProjectLayout(dir)))
          .isInstanceOf(MetaoptException.class);
    } finally {
      ChildJvm.end(holder); // kill -9: no chance to release anything
    }

    // when
    try (ProjectLock lock = ProjectLock.acquire(new ProjectLayout(dir))) {
      // then
      assertThat(new ProjectLayout(dir).lockFile()).content()
          .contains("pid " + ProcessHandle.current().pid());
    }
  }

  @Test
  void aSecondAcquireInTheSameProcessIsRefused() {
    try (ProjectLock lock = ProjectLock.acquire(new ProjectLayout(dir))) {
      assertThatThrownBy(() -> ProjectLock.acquire(new ProjectLayout(dir)))
          .isInstanceOfSatisfying(MetaoptException.class,
              e -> assertThat(e.exitCode()).isEqualTo(ExitCode.LOCKED));
    }
    // and released afterwards
    ProjectLock.acquire(new ProjectLayout(dir)).close();
  }

  private static String firstLine(Process process) throws Exception {
    BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = reader.readLine();
    return line == null ? "(no output)" : line;
  }
}
