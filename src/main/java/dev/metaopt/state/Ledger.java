package dev.metaopt.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.io.AtomicFiles;
import dev.metaopt.io.CrashPoints;
import dev.metaopt.io.WriteHold;
import dev.metaopt.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The append-only event log {@code .ml-metaopt/ledger.jsonl}: one JSON object per line for every
 * transition, dispatch, result and decision. Each line is fsynced; a line torn by a crash is
 * terminated on the next append and skipped by {@link #read}.
 */
public final class Ledger {
  private final Path file;
  private final Clock clock;

  public Ledger(Path file, Clock clock) {
    this.file = file;
    this.clock = clock;
  }

  /** Appends {@code {"ts": now, "event": event, ...fields}} as one line. */
  public synchronized void append(String event, ObjectNode fields) {
    WriteHold.awaitWritable();
    ObjectNode line = Json.object();
    line.put("ts", Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString());
    line.put("event", event);
    line.setAll(fields);
    byte[] bytes = (Json.compact(line) + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      CrashPoints.reach("before appending a " + event + " line");
      boolean torn = endsWithoutNewline(file);
      try (FileChannel channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
        if (torn) {
          channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(false);
      }
    } catch (IOException e) {
      throw AtomicFiles.ioFailure("could not append to " + file, e);
    }
  }

  /** True when a crash cut the last line short; the next line must then start afresh. */
  private static boolean endsWithoutNewline(Path file) throws IOException {
    if (!Files.exists(file)) {
      return false;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size == 0) {
        return false;
      }
      ByteBuffer last = ByteBuffer.allocate(1);
      channel.read(last, size - 1);
      return last.get(0) != '\n';
    }
  }

  /** Every complete, parseable line of a ledger file; torn or corrupt lines are skipped. */
  public static List<ObjectNode> read(Path file) {
    return read(file, line -> true);
  }

  /**
   * The events of the complete, parseable lines that pass {@code mayHold}: a test on a line's
   * text that spares parsing the lines that cannot hold what a reader looks for (a long ledger
   * parsed whole was a seventh of {@code metaopt status}'s CPU). Torn or corrupt lines are skipped.
   */
  public static List<ObjectNode> read(Path file, Predicate<String> mayHold) {
    List<ObjectNode> events = new ArrayList<>();
    if (!Files.exists(file)) {
      return events;
    }
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.isBlank() || !mayHold.test(line)) {
          continue;
        }
        try {
          JsonNode node = Json.parse(line);
          if (node instanceof ObjectNode object) {
            events.add(object);
          }
        } catch (IOException tornLine) {
          // a line cut short by a crash; the events before and after it are intact
        }
      }
    } catch (IOException e) {
      throw AtomicFiles.ioFailure("could not read " + file, e);
    }
    return events;
  }
}
