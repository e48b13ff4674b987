package dev.metaopt.backend;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The line of a program's output that says why it failed, quoted in failure messages so the
 * user reads the cause without opening a log: the last line that is neither blank, a metrics
 * JSON line nor a stack frame (Python's {@code AttributeError: ...}, Java's {@code Caused by:}).
 */
public final class ErrorLine {
  /** Quoted lines are cut here: a message must stay readable on a terminal. */
  static final int MAX_CHARS = 300;
  private static final int TAIL_BYTES = 64 * 1024;
  private static final Pattern FRAME =
      Pattern.compile("^\\s+at \\S.*|^\\s*\\.\\.\\. \\d+ (more|common frames omitted)\\s*$");

  private ErrorLine() {}

  /** The error line of {@code text}, if any. */
  public static Optional<String> of(String text) {
    List<String> lines = text.lines().toList();
    for (int i = lines.size() - 1; i >= 0; i--) {
      String line = lines.get(i);
      String stripped = line.strip();
      if (stripped.isEmpty() || stripped.startsWith("{") || FRAME.matcher(line).matches()) {
        continue;
      }
      return Optional.of(stripped.length() <= MAX_CHARS ? stripped
          : stripped.substring(0, MAX_CHARS - 3) + "...");
    }
    return Optional.empty();
  }

  /** The error line of a log file's tail, if the file exists and has one. */
  public static Optional<String> ofFile(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try (RandomAccessFile log = new RandomAccessFile(file.toFile(), "r")) {
      long start = Math.max(0, log.length() - TAIL_BYTES);
      byte[] tail = new byte[(int) (log.length() - start)];
      log.seek(start);
      log.readFully(tail);
      return of(new String(tail, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty(); // an unreadable log has nothing to quote
    }
  }
}
