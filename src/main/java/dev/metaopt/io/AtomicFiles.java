package dev.metaopt.io;

import dev.metaopt.ExitCode;
import dev.metaopt.MetaoptException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Crash-safe file replacement: write a temp file in the same directory, fsync it, rename it over
 * the target, fsync the directory. A reader (or a process killed mid-write) sees the old content
 * or the new content, never a torn file.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Atomically replaces {@code target} with UTF-8 {@code content}, creating parent directories. */
  public static void writeString(Path target, String content) {
    write(target, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Atomically replaces {@code target} with {@code bytes}, creating parent directories. */
  public static void write(Path target, byte[] bytes) {
    WriteHold.awaitWritable();
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      CrashPoints.reach("after writing " + tmp.getFileName() + ", before renaming it");
      move(tmp, target);
      tmp = null;
      fsyncDirectory(dir);
      CrashPoints.reach("after replacing " + target.getFileName());
    } catch (IOException e) {
      throw ioFailure("could not write " + target, e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  /** A {@link MetaoptException} with exit code 9 and a message saying what to check. */
  public static MetaoptException ioFailure(String what, IOException cause) {
    return new MetaoptException(
        ExitCode.IO_ERROR,
        what
            + ": "
            + describe(cause)
            + "; check permissions and free disk space (the previous file, if any, is intact)",
        cause);
  }

  private static String describe(IOException e) {
    String type = e.getClass().getSimpleName();
    return e.getMessage() == null ? type : type + " (" + e.getMessage() + ")";
  }

  private static void move(Path source, Path target) throws IOException {
    try {
      Files.move(
          source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      // Some file systems (e.g. certain network mounts) lack atomic rename; a plain replace is
      // the best they offer.
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void fsyncDirectory(Path dir) {
    // Persists the rename itself. Not every platform allows opening a directory; the rename is
    // still atomic there, only its durability across power loss is weaker.
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // best effort, see above
    }
  }

  private static void deleteQuietly(Path path) {
    if (path == null) {
      return;
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // a stray temp file is harmless; it is never read
    }
  }
}
