package dev.metaopt.backend.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.backend.TrialRecord;
import dev.metaopt.io.ProgramOutput;
import dev.metaopt.json.Json;
import dev.metaopt.protocol.TrialState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a finished trial left in its directory, read for people after the fact: every JSON line it
 * logged (its history), the last value of every numeric metric (its summary, as W&B keeps one),
 * and the last line it wrote to stderr.
 */
final class TrialOutput {
  private static final int TAIL_BYTES = 16 * 1024;

  private TrialOutput() {}

  /** Every JSON object line of stdout and the metrics file, in order. */
  static List<ObjectNode> history(TrialProcess.TrialFiles files) {
    List<ObjectNode> history = new ArrayList<>();
    for (Path source : List.of(files.stdout(), files.metrics())) {
      lines(source).forEach(line -> record(line).ifPresent(history::add));
    }
    return history;
  }

  /** The record a line of trial output logs: a JSON object on a line of its own, else empty. */
  static Optional<ObjectNode> record(String line) {
    String trimmed = line.strip();
    if (!trimmed.startsWith("{")) {
      return Optional.empty();
    }
    try {
      JsonNode record = Json.parse(trimmed);
      return record.isObject() ? Optional.of((ObjectNode) record) : Optional.empty();
    } catch (IOException notJson) {
      return Optional.empty(); // an ordinary log line that happens to start with '{'
    }
  }

  /**
   * The last logged value of each numeric metric, in first-logged order; keys starting with '_'
   * are W&B's own ({@code _step}, {@code _runtime}) and left out.
   */
  static Map<String, Double> summary(List<ObjectNode> history) {
    Map<String, Double> summary = new LinkedHashMap<>();
    for (ObjectNode record : history) {
      record.fields().forEachRemaining(field -> {
        if (TrialRecord.isMetric(field)) {
          summary.put(field.getKey(), field.getValue().asDouble());
        }
      });
    }
    return summary;
  }

  /**
   * Why {@code trial} ended without a result: the cause recorded when it ended (its last error
   * line, what it logged instead of the objective, the first NaN), else the last line of its
   * stderr; null while it runs or when it finished.
   */
  static String endCause(SweepRecord.Trial trial, TrialProcess.TrialFiles files) {
    if (trial.error != null) {
      return trial.error;
    }
    boolean endedWithoutResult = trial.state == TrialState.FAILED
        || trial.state == TrialState.KILLED || trial.state == TrialState.CRASHED;
    return endedWithoutResult ? lastErrorLine(files) : null;
  }

  /**
   * The last non-blank stderr line, or null. Only the file's tail is read: every poll asks for it
   * (for the trial-end lines), and a failed trial's stderr may be large.
   */
  static String lastErrorLine(TrialProcess.TrialFiles files) {
    String[] lines = tail(files.stderr()).split("\\R");
    for (int i = lines.length - 1; i >= 0; i--) {
      if (!lines[i].isBlank()) {
        return lines[i].strip();
      }
    }
    return null;
  }

  /** The last {@link #TAIL_BYTES} of {@code file} from a line start, or "" when unreadable. */
  private static String tail(Path file) {
    try (SeekableByteChannel channel = Files.newByteChannel(file)) {
      long start = Math.max(0, channel.size() - TAIL_BYTES);
      ByteBuffer buffer = ByteBuffer.allocate((int) (channel.size() - start));
      channel.position(start);
      while (buffer.hasRemaining() && channel.read(buffer) > 0) {
        // reads until the buffer is full or the file ends
      }
      String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
      // a cut line is dropped, unless it is all there is
      int firstBreak = text.indexOf('\n');
      return start == 0 || firstBreak < 0 ? text : text.substring(firstBreak + 1);
    } catch (IOException e) {
      return ""; // missing or unreadable: nothing to show, the run itself is unaffected
    }
  }

  private static List<String> lines(Path file) {
    try {
      return ProgramOutput.lines(file);
    } catch (IOException e) {
      return List.of(); // unreadable: nothing to show, the run itself is unaffected
    }
  }
}
