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
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * One orchestrator per project directory. The lock is an OS file lock on
 * {@code .ml-metaopt/lock}, so the kernel releases it when its holder dies, however it dies: a
 * lock file left behind by a killed process is simply locked again (reclaimed). The holder's pid
 * is written into the file so a refused process can say who holds it, and {@code status} can tell
 * a running campaign from an interrupted one. A holder that ends normally removes the file.
 */
public final class ProjectLock implements AutoCloseable {
  private static final int HOLDER_READ_ATTEMPTS = 50;
  private static final long HOLDER_READ_PAUSE_MILLIS = 20;
  private static final int MAX_ACQUIRE_ATTEMPTS = 10;

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
    try {
      Files.createDirectories(file.getParent());
      for (int attempt = 1; ; attempt++) {
        Optional<ProjectLock> lock = tryAcquire(layout, file);
        if (lock.isPresent() || attempt == MAX_ACQUIRE_ATTEMPTS) {
          return lock.orElseThrow(() -> locked(layout, "another metaopt process (pid unknown)"));
        }
        // the file was removed by its last holder between our open and our lock: try again
      }
    } catch (IOException e) {
      HELD_HERE.remove(file);
      throw AtomicFiles.ioFailure("could not take the project lock " + file, e);
    } catch (RuntimeException e) {
      HELD_HERE.remove(file);
      throw e;
    }
  }

  /**
   * Opens and locks the lock file. A holder removes the file when it is done (a clean exit
   * leaves no lock behind), so the file locked here must still be the one at the path: locking
   * an unlinked file would let a third process create and lock a new one beside us.
   */
  private static Optional<ProjectLock> tryAcquire(ProjectLayout layout, Path file)
      throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      FileLock lock = tryLock(channel);
      if (lock == null) {
        String holder = readHolder(channel);
        throw locked(layout, "another metaopt process (" + holder + ")");
      }
      if (!stillAtPath(file)) {
        closeQuietly(channel);
        return Optional.empty();
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n")
          .getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(true);
      return Optional.of(new ProjectLock(file, channel, lock));
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  /**
   * True when the file just locked is still the one at the lock's path: some open descriptor of
   * this process refers to the path's inode, and the only one that can is the channel just
   * opened (a second channel on this path is never opened here). Checked with {@code stat}
   * alone: opening the file again and closing it would drop the lock (POSIX record locks belong
   * to the process and go with any close of the file). Without {@code /proc} it is assumed.
   */
  private static boolean stillAtPath(Path file) throws IOException {
    Object atPath;
    try {
      atPath = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    } catch (NoSuchFileException e) {
      return false;
    }
    Path descriptors = Path.of("/proc/self/fd");
    if (atPath == null || !Files.isDirectory(descriptors)) {
      return true;
    }
    try (Stream<Path> open = Files.list(descriptors)) {
      return open.anyMatch(fd -> atPath.equals(fileKey(fd)));
    }
  }

  private static Object fileKey(Path descriptor) {
    try {
      return Files.readAttributes(descriptor, BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      return null; // closed meanwhile, or not a file
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

  /**
   * Who holds the project's lock, as seen from outside: nobody (no lock file: never run, or
   * ended normally), a live process, or a dead one (killed without cleaning up). Used by
   * {@code status}; never takes the lock from a live holder.
   */
  public static Holder holder(ProjectLayout layout) {
    Path file = layout.lockFile();
    if (HELD_HERE.contains(file)) {
      return new Holder(true, ProcessHandle.current().pid());
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      return new Holder(false, null);
    } catch (IOException e) {
      return new Holder(false, null);
    }
    Long pid = text.startsWith("pid ") ? parsePid(text.substring(4)) : null;
    boolean alive = pid != null && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
        && stillLocked(file);
    return new Holder(alive, pid);
  }

  /**
   * Whether some process holds the lock; asked only when the recorded pid is alive, to catch a
   * pid reused by an unrelated process. A shared lock taken here conflicts with the holder's
   * exclusive one, so a live holder is never disturbed.
   */
  private static boolean stillLocked(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      FileLock probe = channel.tryLock(0, Long.MAX_VALUE, true);
      if (probe == null) {
        return true;
      }
      probe.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true; // this JVM holds it through another path
    } catch (IOException e) {
      return true; // cannot tell: do not call a campaign interrupted on a guess
    }
  }

  private static Long parsePid(String text) {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * Removes the lock file while this process still holds the lock, just before it halts (a
   * second Ctrl-C); the OS frees the lock itself as the process ends.
   */
  public static void removeFileOfThisProcess(ProjectLayout layout) {
    if (HELD_HERE.contains(layout.lockFile())) {
      deleteQuietly(layout.lockFile());
    }
  }

  @Override
  public void close() {
    if (!channel.isOpen()) {
      return; // closed before; the path may belong to a newer lock of this JVM by now
    }
    // removed while still held: a process that opened it meanwhile sees it is gone and retries
    deleteQuietly(file);
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel below releases it as well
    }
    closeQuietly(channel);
    HELD_HERE.remove(file);
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a lock file left behind is reclaimed by the next run; status reads its pid as dead
    }
  }

  /**
   * The lock's holder as {@link #holder} sees it.
   *
   * @param alive true while a live process holds the lock
   * @param pid the pid recorded in the lock file, or null when there is none
   */
  public record Holder(boolean alive, Long pid) {}

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
