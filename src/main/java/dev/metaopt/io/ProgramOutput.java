package dev.metaopt.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Files another program wrote (a trial's stdout and metrics lines, a command's stderr), read as
 * UTF-8 with each malformed byte replaced by U+FFFD. A program may print a Latin-1 letter or a
 * stray binary byte, and a strict decoder fails on the whole file: every metric line in it would
 * go unseen. Files metaopt writes itself are read strictly, so damage to them is reported.
 */
public final class ProgramOutput {
  private ProgramOutput() {}

  /** The whole file; "" when it does not exist. */
  public static String read(Path file) throws IOException {
    return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
  }

  /** The file's lines; none when it does not exist. */
  public static List<String> lines(Path file) throws IOException {
    return read(file).lines().toList();
  }
}
