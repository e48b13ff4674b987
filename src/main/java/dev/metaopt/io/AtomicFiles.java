package dev.metaopt.io;

import dev.metaopt.ExitCode;
import dev.metaopt.MetaoptException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.regex.Pattern;

/**
 * Crash-safe file replacement: write a temp file in the same directory, fsync it, rename it over
 * the target, fsync the directory. A reader (or a process killed mid-write) sees the old content
 * or the new content, never a torn file.
 */
public final class AtomicFiles {
  /** The name {@link Files#createTempFile} gives our temps: {@code .<target>.<digits>.tmp}. */
  private static final Pattern LEFTOVER =
      Pattern.compile("\\..+\\.[0-9]+\\.tmp");

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

  /**
   * Removes the temp files a process killed mid-write left under {@code dir} (named as
   * {@link #write} names them: {@code .<target>.<digits>.tmp}); they are never read, only
   * clutter. Call it while holding the project lock, so no live writer owns one. W&B's own
   * directories inside trials ({@code wandb-dir}) are not ours and are left alone.
   *
   * @return how many were removed
   */
  public static int removeLeftovers(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    int[] removed = {0};
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path sub,
            BasicFileAttributes attributes) {
          return sub.getFileName().toString().equals("wandb-dir")
              ? FileVisitResult.SKIP_SUBTREE
              : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file,
            BasicFileAttributes attributes) throws IOException {
          if (attributes.isRegularFile() && LEFTOVER.matcher(file.getFileName().toString())
              .matches() && Files.deleteIfExists(file)) {
            removed[0]++;
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE; // vanished or unreadable: not ours
        }
      });
    } catch (IOException e) {
      throw ioFailure("could not clean up temporary files under " + dir, e);
    }
    return removed[0];
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
