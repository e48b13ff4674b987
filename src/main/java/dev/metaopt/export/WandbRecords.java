package dev.metaopt.export;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The few {@code wandb_internal.Record} messages an offline run needs, encoded by hand with
 * protobuf-java's {@link CodedOutputStream}. Field numbers are those of
 * {@code wandb/proto/wandb_internal.proto} (wandb/wandb): {@code Record} num=1, history=2,
 * summary=3, run=17, exit=18, header=21; {@code RunRecord} run_id=1, entity=2, project=3,
 * config=4, run_group=6, job_type=7, display_name=8, notes=9, tags=10, host=13, start_time=17;
 * {@code ConfigRecord}/{@code SummaryRecord} update=1 of items with key=1, value_json=16;
 * {@code HistoryRecord} item=1 (key=1, value_json=16), step=2 ({@code HistoryStep} num=1);
 * {@code RunExitRecord} exit_code=1, runtime=2; {@code HeaderRecord} version_info=1
 * ({@code VersionInfo} producer=1); {@code google.protobuf.Timestamp} seconds=1, nanos=2.
 */
final class WandbRecords {
  private WandbRecords() {}

  /** A message under construction. */
  static final class Message {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

    Message string(int field, String value) {
      try {
        if (value != null && !value.isEmpty()) {
          out.writeString(field, value);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Message int64(int field, long value) {
      try {
        out.writeInt64(field, value);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Message message(int field, Message message) {
      try {
        out.writeByteArray(field, message.bytes()); // embedded messages are length-delimited
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    byte[] bytes() {
      try {
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return bytes.toByteArray();
    }
  }

  static byte[] header(long num, String producer) {
    return record(num, 21, new Message().message(1, new Message().string(1, producer)));
  }

  /** The run: identity, where it goes, its configuration ({@code key → JSON value}). */
  static byte[] run(long num, RunInfo info, Map<String, String> configJson) {
    Message config = new Message();
    configJson.forEach((k, v) -> config.message(1, item(k, v)));
    Message run = new Message().string(1, info.runId()).string(2, info.entity())
        .string(3, info.project()).message(4, config).string(6, info.group())
        .string(7, info.jobType()).string(8, info.displayName()).string(9, info.notes());
    info.tags().forEach(t -> run.string(10, t));
    run.string(13, info.host());
    if (info.start() != null) {
      run.message(17, new Message().int64(1, info.start().getEpochSecond())
          .int64(2, info.start().getNano()));
    }
    return record(num, 17, run);
  }

  /** One history row: {@code key → JSON value}, at W&B step {@code step}. */
  static byte[] history(long num, long step, Map<String, String> valuesJson) {
    Message history = new Message();
    history.message(1, item("_step", Long.toString(step)));
    valuesJson.forEach((k, v) -> history.message(1, item(k, v)));
    history.message(2, new Message().int64(1, step));
    return record(num, 2, history);
  }

  static byte[] summary(long num, Map<String, String> valuesJson) {
    Message summary = new Message();
    valuesJson.forEach((k, v) -> summary.message(1, item(k, v)));
    return record(num, 3, summary);
  }

  static byte[] exit(long num, int exitCode, long runtimeSeconds) {
    return record(num, 18, new Message().int64(1, exitCode).int64(2, runtimeSeconds));
  }

  private static Message item(String key, String valueJson) {
    return new Message().string(1, key).string(16, valueJson);
  }

  private static byte[] record(long num, int field, Message body) {
    return new Message().int64(1, num).message(field, body).bytes();
  }

  /** What the run record says about the run. */
  record RunInfo(String runId, String entity, String project, String group, String jobType,
      String displayName, String notes, List<String> tags, String host, Instant start) {}
}
