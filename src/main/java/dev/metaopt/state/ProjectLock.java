package dev.metaopt.state;

import dev.metaopt.ExitCode;
import dev.metaopt.MetaoptException;
import dev.metaopt.io.AtomicFiles;
import dev.metaopt.io.ProjectLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One orchestrator per project directory. The lock is an OS file lock on
 * {@code .ml-metaopt/lock}, so the kernel releases it when its holder dies, however it dies: a
 * lock file left behind by a killed process is simply locked again (reclaimed). The holder's pid
 * is written into the file so a refused process can say who holds it.
 */
public final class ProjectLock implements AutoCloseable {
  private static final int HOLDER_READ_ATTEMPTS = 50;
  private static final long HOLDER_READ_PAUSE_MILLIS = 20;

  /** Lock files this JVM holds. */
  private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private ProjectLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the project's lock or fails with exit code 8 naming the holder. */
  public static ProjectLock acquire(ProjectLayout layout) {
    Path file = layout.lockFile();
    if (!HELD_HERE.add(file)) {
      // Never open a second channel here: closing it would drop this JVM's own lock (POSIX
      // record locks belong to the process, and any close of the file releases them).
      throw locked(layout, "another metaopt session in this process (pid "
          + ProcessHandle.current().pid() + ")");
    }
    FileChannel channel = null;
    try {
      Files.createDirectories(file.getParent());
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock lock = tryLock(channel);
      if (lock == null) {
        String holder = readHolder(channel);
        channel.close();
        HELD_HERE.remove(file);
        throw locked(layout, "another metaopt process (" + holder + ")");
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n")
          .getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(true);
      return new ProjectLock(file, channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      HELD_HERE.remove(file);
      throw AtomicFiles.ioFailure("could not take the project lock " + file, e);
    }
  }

  private static MetaoptException locked(ProjectLayout layout, String holder) {
    return new MetaoptException(ExitCode.LOCKED, holder + " is working on " + layout.projectDir()
        + " (lock " + layout.lockFile() + "); wait for it to finish, or check it with"
        + " 'metaopt status'");
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // held by this very JVM through another path to the same file (a symlink)
    }
  }

  /**
   * The holder writes its pid just after locking; a refused process may look in between, so an
   * empty file is read again for a moment before giving up on naming the holder.
   */
  private static String readHolder(FileChannel channel) throws IOException {
    for (int attempt = 0; attempt < HOLDER_READ_ATTEMPTS; attempt++) {
      ByteBuffer buffer = ByteBuffer.allocate(64);
      int read = channel.read(buffer, 0);
      String text = read <= 0 ? "" : new String(buffer.array(), 0, read, StandardCharsets.UTF_8);
      if (!text.isBlank()) {
        return text.strip();
      }
      try {
        Thread.sleep(HOLDER_READ_PAUSE_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return "pid unknown";
  }

  @Override
  public void close() {
    if (!channel.isOpen()) {
      return; // closed before; the path may belong to a newer lock of this JVM by now
    }
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel below releases it as well
    }
    closeQuietly(channel);
    HELD_HERE.remove(file);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing to keep: the OS frees the lock with the descriptor
    }
  }
}
