package dev.metaopt.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.metaopt.json.Json;
import java.io.UncheckedIOException;

/**
 * JSON as wandb writes a value: its {@code json_util.dumps} (wandb/sdk/lib/json_util.py, behind
 * {@code util.json_dumps_safer}, which fills every config, summary and history item's
 * {@code value_json}) calls {@code pydantic_core.to_json(obj, inf_nan_mode="constants")}, so NaN
 * and ±infinity are the bare constants {@code NaN}, {@code Infinity} and {@code -Infinity} that
 * Python's json module reads back as numbers. Jackson would write them as the strings
 * {@code "NaN"}, which W&B would take for text. Written on one line, keys in the order logged, as
 * wandb writes them.
 */
final class WandbJson {
  private static final ObjectWriter WRITER = Json.mapper().writer()
      .without(SerializationFeature.INDENT_OUTPUT)
      .without(JsonWriteFeature.WRITE_NAN_AS_STRINGS);

  private WandbJson() {}

  static String of(JsonNode value) {
    try {
      return WRITER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e); // a tree of parsed values always writes
    }
  }
}
