package dev.metaopt.backend.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.backend.TrialRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one source of JSON lines (a trial's stdout, its metrics file) has logged for the objective:
 * its values in order, the names of every number, and what was seen besides finite numbers. A
 * file is read as it grows, each complete line once: a trial that logs every step writes tens of
 * megabytes in an hour, and parsing all of it again at every poll (every 2 s) kept a core busy.
 */
final class LoggedLines {
  private static final int CHUNK_BYTES = 8 << 20;

  private final String metric;
  private int[] steps = new int[16];
  private double[] values = new double[16];
  private int size;
  private final Set<String> names = new TreeSet<>();
  private Readings readings = new Readings();
  /** How far the file has been read (complete lines only) and which file it was. */
  private long offset;
  private Object fileKey;

  LoggedLines(String metric) {
    this.metric = metric;
  }

  /** What was seen of the objective besides its finite numbers: the first in each kind. */
  static final class Readings {
    /** "loss = NaN at step 3": the first value that is not a finite number. */
    String nonFinite;
    /** The JSON of the first value that is not a number at all ({@code "0.53"}, {@code null}). */
    String notANumber;
    /** The first line that printed the objective in a Python dict instead of JSON. */
    String pythonDict;
  }

  /**
   * Reads the complete lines {@code file} has gained since the last call, and with {@code ended}
   * (its writer has exited) an unterminated last line too; a file replaced by another (a trial's
   * logs reset before it is run again) is read from its start.
   */
  void update(Path file, boolean ended) {
    try {
      if (!Files.isRegularFile(file)) {
        return;
      }
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      if (!Objects.equals(attributes.fileKey(), fileKey) || attributes.size() < offset) {
        clear();
        fileKey = attributes.fileKey();
      }
      if (attributes.size() == offset) {
        return;
      }
      try (FileChannel channel = FileChannel.open(file)) {
        readLines(channel, attributes.size(), ended);
      }
    } catch (IOException e) {
      // removed or unreadable while read: what was read stands, the rest is read next time
    }
  }

  /** Reads the complete lines from {@link #offset} to {@code size}, a bounded chunk at a time. */
  private void readLines(FileChannel channel, long size, boolean ended) throws IOException {
    ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, size - offset));
    while (offset < size) {
      chunk.clear().limit((int) Math.min(chunk.capacity(), size - offset));
      int read = channel.read(chunk, offset);
      if (read <= 0) {
        return;
      }
      byte[] bytes = Arrays.copyOf(chunk.array(), read);
      int end = ended && offset + read == size ? read - 1 : lastNewline(bytes);
      if (end < 0) {
        if (read == CHUNK_BYTES) {
          offset += read; // a line longer than a chunk is not a metric line: passed over
          continue;
        }
        return; // no complete line yet: read it when it ends
      }
      offset += end + 1;
      // malformed bytes replaced (U+FFFD): a Latin-1 letter must not hide the metric lines
      new String(bytes, 0, end + 1, StandardCharsets.UTF_8).lines().forEach(this::add);
    }
  }

  private static int lastNewline(byte[] bytes) {
    for (int i = bytes.length - 1; i >= 0; i--) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void clear() {
    size = 0;
    offset = 0;
    names.clear();
    readings = new Readings();
  }

  /** Reads one line; a line that is not a JSON object is ordinary output. */
  void add(String line) {
    Optional<ObjectNode> record = TrialOutput.record(line);
    if (record.isPresent()) {
      add(record.get());
      return;
    }
    // perhaps a Python dict printed as is: Hugging Face's Trainer prints its logs so
    // ({'eval_loss': 0.53, 'epoch': 1.0})
    String trimmed = line.strip();
    if (readings.pythonDict == null && trimmed.startsWith("{")
        && trimmed.contains("'" + metric + "':")) {
      readings.pythonDict = trimmed;
    }
  }

  /**
   * Reads one record. Only the objective is judged: other numbers may be NaN, infinite or huge in
   * a healthy run (under fp16 mixed precision a step whose gradients overflowed is skipped and its
   * {@code grad_norm} logged as NaN or inf while the loss goes on falling; Hugging Face's Trainer
   * logs {@code total_flos}, 1e15 and more, to the W&B summary), so they never stop a trial. A
   * record without {@code _step} is at the position of its value among this source's values.
   */
  void add(JsonNode record) {
    record.fields().forEachRemaining(field -> {
      if (TrialRecord.isMetric(field)) {
        names.add(field.getKey());
      }
    });
    JsonNode value = record.get(metric);
    if (value == null) {
      return;
    }
    int step = record.path("_step").asInt(size);
    // text, true/false, null: not a value, as W&B's sweeps judge it (sweeps/src/sweeps/run.py
    // is_number: a finite Number that is not a bool)
    if (!value.isNumber()) {
      readings.notANumber = readings.notANumber != null ? readings.notANumber : value.toString();
      return;
    }
    if (!Double.isFinite(value.asDouble()) && readings.nonFinite == null) {
      readings.nonFinite = metric + " = " + value.asDouble() + " at step " + step;
    }
    if (size == steps.length) {
      steps = Arrays.copyOf(steps, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    steps[size] = step;
    values[size++] = value.asDouble();
  }

  int size() {
    return size;
  }

  int step(int i) {
    return steps[i];
  }

  double value(int i) {
    return values[i];
  }

  Set<String> names() {
    return names;
  }

  Readings readings() {
    return readings;
  }
}
