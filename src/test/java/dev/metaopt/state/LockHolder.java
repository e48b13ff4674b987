package dev.metaopt.state;

import dev.metaopt.MetaoptException;
import dev.metaopt.io.ProjectLayout;
import java.nio.file.Path;

/** Test helper JVM: takes the project lock, says so, holds it until stdin closes. */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    try (ProjectLock lock = ProjectLock.acquire(new ProjectLayout(Path.of(args[0])))) {
      System.out.println("ACQUIRED " + ProcessHandle.current().pid());
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold the lock until the test closes stdin or kills us
      }
    } catch (MetaoptException e) {
      System.out.println("REFUSED " + e.getMessage());
      System.out.flush();
      System.exit(e.exitCode().code());
    }
  }
}
