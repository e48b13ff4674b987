package dev.metaopt.state;

import dev.metaopt.MetaoptException;
import dev.metaopt.io.ProjectLayout;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Child-process helper for {@link ProjectLockTest}: takes the lock of the project directory in
 * {@code args[0]}, prints {@code ACQUIRED} and holds it until stdin closes; or prints the
 * refusal on one line and exits with its exit code.
 */
public final class LockHolderMain {
  private LockHolderMain() {}

  public static void main(String[] args) throws IOException {
    ProjectLock lock;
    try {
      lock = ProjectLock.acquire(new ProjectLayout(Path.of(args[0])));
    } catch (MetaoptException e) {
      System.out.println(e.getMessage().replace('\n', ' '));
      System.out.flush();
      System.exit(e.exitCode().code());
      return;
    }
    try (lock) {
      System.out.println("ACQUIRED");
      System.out.flush();
      while (System.in.read() != -1) {
        // hold the lock until the test closes our stdin (or kills us)
      }
    }
  }
}
