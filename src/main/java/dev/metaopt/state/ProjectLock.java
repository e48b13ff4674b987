package dev.metaopt.state;

import dev.metaopt.MetaoptException;
import dev.metaopt.cli.ExitCode;
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

/**
 * One orchestrator per project directory. The lock is an OS file lock on
 * {@code .ml-metaopt/lock}, so the kernel releases it when its holder dies, however it dies: a
 * lock file left behind by a killed process is simply locked again (reclaimed). The holder's pid
 * is written into the file so a refused process can say who holds it.
 */
public final class ProjectLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private ProjectLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the project's lock or fails with exit code 8 naming the holder. */
  public static ProjectLock acquire(ProjectLayout layout) {
    Path file = layout.lockFile();
    FileChannel channel = null;
    try {
      Files.createDirectories(file.getParent());
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock lock = tryLock(channel);
      if (lock == null) {
        String holder = readHolder(channel);
        channel.close();
        throw new MetaoptException(ExitCode.LOCKED, "another metaopt process (" + holder
            + ") is working on " + layout.projectDir() + " (lock " + file + ")"
            + "; wait for it to finish, or check it with 'metaopt status'");
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n")
          .getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(true);
      return new ProjectLock(channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw AtomicFiles.ioFailure("could not take the project lock " + file, e);
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // held by this very JVM (another session in-process)
    }
  }

  private static String readHolder(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(64);
    int read = channel.read(buffer, 0);
    String text = read <= 0 ? "" : new String(buffer.array(), 0, read, StandardCharsets.UTF_8);
    return text.isBlank() ? "pid unknown" : text.strip();
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel below releases it as well
    }
    closeQuietly(channel);
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
