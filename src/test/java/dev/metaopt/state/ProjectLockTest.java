package dev.metaopt.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metaopt.ExitCode;
import dev.metaopt.MetaoptException;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One orchestrator per project directory, across processes and within one. */
class ProjectLockTest {
  @TempDir Path project;
  @TempDir Path logs;

  private ProjectLayout layout() {
    return new ProjectLayout(project);
  }

  private ChildJvm holder(String name) {
    return ChildJvm.main(LockHolderMain.class, logs.resolve(name + ".err"), project.toString());
  }

  @Test
  void letsExactlyOneOfTwoRacingProcessesIn() throws Exception {
    // given: two processes started together for the same project
    try (ChildJvm first = holder("first"); ChildJvm second = holder("second")) {
      // when: each reports its outcome on its first line
      String firstLine = first.readLine();
      String secondLine = second.readLine();

      // then
      assertThat(firstLine.equals("ACQUIRED") ^ secondLine.equals("ACQUIRED"))
          .as("exactly one acquires: [%s] [%s]", firstLine, secondLine).isTrue();
      ChildJvm winner = firstLine.equals("ACQUIRED") ? first : second;
      ChildJvm loser = winner == first ? second : first;
      String refusal = winner == first ? secondLine : firstLine;
      assertThat(loser.awaitExit()).isEqualTo(ExitCode.LOCKED.code());
      assertThat(refusal).contains(layout().lockFile().toString())
          .contains("pid " + winner.pid());
      winner.closeStdin();
      assertThat(winner.awaitExit()).isZero();
    }
  }

  @Test
  void reclaimsTheLockOfAKilledProcess() throws Exception {
    // given: a holder killed while holding the lock leaves its lock file behind
    long deadPid;
    try (ChildJvm holder = holder("holder")) {
      assertThat(holder.readLine()).isEqualTo("ACQUIRED");
      deadPid = holder.pid();
      holder.kill();
    }
    assertThat(Files.readString(layout().lockFile())).isEqualTo("pid " + deadPid + "\n");

    // when
    ProjectLock lock = ProjectLock.acquire(layout());

    // then
    try {
      assertThat(Files.readString(layout().lockFile()))
          .isEqualTo("pid " + ProcessHandle.current().pid() + "\n");
    } finally {
      lock.close();
    }
  }

  @Test
  void refusesASecondAcquireInTheSameProcess() {
    // given
    ProjectLock held = ProjectLock.acquire(layout());
    try {
      // when / then
      assertThatThrownBy(() -> ProjectLock.acquire(layout()))
          .isInstanceOfSatisfying(MetaoptException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.LOCKED);
            assertThat(e.getMessage()).contains(layout().lockFile().toString())
                .contains("pid " + ProcessHandle.current().pid());
          });
    } finally {
      held.close();
    }
  }

  @Test
  void keepsTheLockAfterARefusedSecondAcquireInTheSameProcess() throws Exception {
    // given: an in-process refusal closes its own channel to the lock file
    ProjectLock held = ProjectLock.acquire(layout());
    try {
      assertThatThrownBy(() -> ProjectLock.acquire(layout()))
          .isInstanceOf(MetaoptException.class);

      // when: another process tries
      try (ChildJvm other = holder("other")) {
        String line = other.readLine();

        // then: the lock is still ours
        assertThat(line).contains("pid " + ProcessHandle.current().pid());
        assertThat(other.awaitExit()).isEqualTo(ExitCode.LOCKED.code());
      }
    } finally {
      held.close();
    }
  }

  @Test
  void releasesTheLockOnClose() throws Exception {
    // given
    ProjectLock.acquire(layout()).close();

    // when: another process tries
    try (ChildJvm other = holder("other")) {
      // then
      assertThat(other.readLine()).isEqualTo("ACQUIRED");
      other.closeStdin();
      assertThat(other.awaitExit()).isZero();
    }
  }

  @Test
  void reacquiresInTheSameProcessAfterClose() {
    // given: a lock closed twice (the second close must not touch a newer lock)
    ProjectLock first = ProjectLock.acquire(layout());
    first.close();

    // when
    ProjectLock second = ProjectLock.acquire(layout());
    first.close();

    // then
    try {
      assertThatThrownBy(() -> ProjectLock.acquire(layout()))
          .isInstanceOfSatisfying(MetaoptException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.LOCKED);
            // refused by the in-process registry, without touching the file lock
            assertThat(e.getMessage()).startsWith("another metaopt session in this process");
          });
    } finally {
      second.close();
    }
  }

  @Test
  void removesItsLockFileWhenItEndsNormally() {
    // given
    ProjectLock lock = ProjectLock.acquire(layout());
    assertThat(layout().lockFile()).exists();

    // when
    lock.close();

    // then
    assertThat(layout().lockFile()).doesNotExist();
  }

  @Test
  void tellsALiveHolderFromAKilledOne() throws Exception {
    // given: a holder in another process
    try (ChildJvm holder = holder("holder")) {
      assertThat(holder.readLine()).isEqualTo("ACQUIRED");
      long pid = holder.pid();

      // when / then: alive while it runs ...
      assertThat(ProjectLock.holder(layout())).isEqualTo(new ProjectLock.Holder(true, pid));

      // ... dead once killed (its lock file left behind)
      holder.kill();
      assertThat(layout().lockFile()).exists();
      assertThat(ProjectLock.holder(layout())).isEqualTo(new ProjectLock.Holder(false, pid));
    }
  }

  @Test
  void aProjectNobodyHoldsHasNoHolder() {
    assertThat(ProjectLock.holder(layout())).isEqualTo(new ProjectLock.Holder(false, null));
  }
}
