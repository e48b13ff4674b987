package dev.metaopt.backend;

import java.util.ArrayList;
import java.util.List;

/**
 * A command line the user wrote in the campaign ({@code project.train_command}) split into argv
 * words, the one way both backends read it: whitespace separates words, simple single or double
 * quotes group them. Nothing here is handed to a shell.
 */
public final class CommandLine {
  private CommandLine() {}

  /** Splits a command line on whitespace, honouring simple single and double quotes. */
  public static List<String> split(String line) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    char quote = 0;
    boolean inToken = false;
    for (char c : line.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          current.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inToken = true;
      } else if (Character.isWhitespace(c)) {
        if (inToken) {
          parts.add(current.toString());
          current.setLength(0);
          inToken = false;
        }
      } else {
        current.append(c);
        inToken = true;
      }
    }
    if (inToken) {
      parts.add(current.toString());
    }
    return parts;
  }
}
