package dev.metaopt.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.ExitCode;
import dev.metaopt.MetaoptException;
import dev.metaopt.io.AtomicFiles;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.json.Json;
import dev.metaopt.schema.ValidationIssue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads and writes {@code .ml-metaopt/state.json}. Reads are strict: a file that does not parse or
 * validate stops the command with its path and the problem, and is never overwritten. Writes are
 * validated first and then atomic, so the file on disk is always a valid v4 state.
 */
public final class StateStore {
  private final Path file;

  public StateStore(ProjectLayout layout) {
    this.file = layout.stateFile();
  }

  /** The state file's path. */
  public Path file() {
    return file;
  }

  /** The persisted state, or empty when no state file exists yet. */
  public Optional<ObjectNode> read() {
    return read(StateValidator::validate);
  }

  /**
   * The persisted state checked by the contract's rules but not the published schema
   * ({@link StateValidator#checkRules}): for read-only views that must start fast, such as
   * {@code metaopt status}. Every state metaopt wrote passed the schema too.
   */
  public Optional<ObjectNode> readForDisplay() {
    return read(StateValidator::checkRules);
  }

  private Optional<ObjectNode> read(Function<JsonNode, List<ValidationIssue>> validator) {
    String text;
    try {
      if (Files.isRegularFile(file) && Files.size(file) > Json.MAX_DOCUMENT_CHARS) {
        // Checked before reading: a runaway file must not exhaust memory on the way to the
        // parser's own document limit.
        throw unreadable("is larger than " + Json.MAX_DOCUMENT_CHARS / (1024 * 1024) + " MiB");
      }
      byte[] bytes = Files.readAllBytes(file);
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (CharacterCodingException e) {
      throw unreadable("is not UTF-8 text");
    } catch (IOException e) {
      if (Files.isDirectory(file)) {
        throw unreadable("is a directory, not a file");
      }
      throw AtomicFiles.ioFailure("could not read " + file, e);
    }
    JsonNode parsed;
    try {
      parsed = Json.parse(text);
    } catch (IOException e) {
      throw unreadable("is not valid JSON (" + firstLine(e.getMessage()) + ")");
    }
    List<ValidationIssue> issues = validator.apply(parsed);
    if (!issues.isEmpty()) {
      throw unreadable("is not a valid v4 state:\n  "
          + String.join("\n  ", issues.stream().map(ValidationIssue::format).toList()));
    }
    return Optional.of((ObjectNode) parsed);
  }

  /** Validates {@code state} and replaces the file atomically. */
  public void write(ObjectNode state) {
    List<ValidationIssue> issues = StateValidator.validate(state);
    if (!issues.isEmpty()) {
      // A bug in metaopt, never user input: refuse to persist a state we could not read back.
      throw new MetaoptException(ExitCode.SOFTWARE, "refusing to write an invalid state to " + file
          + ": " + issues.get(0).format());
    }
    AtomicFiles.writeString(file, Json.pretty(state));
  }

  private MetaoptException unreadable(String problem) {
    return new MetaoptException(ExitCode.INVALID_INPUT, file + " " + problem
        + "\nmetaopt left the file untouched; repair it, or move .ml-metaopt/ aside to start over");
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "parse error";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
