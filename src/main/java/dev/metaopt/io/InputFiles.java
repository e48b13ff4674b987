package dev.metaopt.io;

import dev.metaopt.ExitCode;
import dev.metaopt.MetaoptException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one rule, and the one wording, for a file or directory named on the command line: it must
 * exist and be of that kind, or the command stops with exit code 6 naming its absolute path.
 */
public final class InputFiles {
  private InputFiles() {}

  /** The absolute path of {@code file}; {@code what} names it in the error ("campaign file"). */
  public static Path requireFile(Path file, String what) {
    Path absolute = file.toAbsolutePath().normalize();
    if (Files.isRegularFile(absolute)) {
      return absolute;
    }
    throw new MetaoptException(ExitCode.INVALID_INPUT, what + " " + absolute
        + (Files.isDirectory(absolute) ? " is a directory, not a file" : " does not exist")
        + "; check the path");
  }

  /** The absolute path of {@code dir}, which must be a directory; worded as {@link #requireFile}. */
  public static Path requireDirectory(Path dir, String what) {
    Path absolute = dir.toAbsolutePath().normalize();
    if (Files.isDirectory(absolute)) {
      return absolute;
    }
    throw new MetaoptException(ExitCode.INVALID_INPUT, what + " " + absolute
        + (Files.exists(absolute) ? " is a file, not a directory" : " does not exist")
        + "; check the path");
  }
}
