package dev.metaopt.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON mapper factory: strict on input (duplicate keys rejected, trailing tokens
 * rejected) and deterministic on output (sorted keys, two-space indent, trailing newline).
 *
 * <p>Trees are read, built and written without the mapper ({@link #parse}, {@link #object},
 * {@link #pretty}, {@link #compact}): the mapper is made on first use of {@link #mapper} or
 * {@link #toTree}, because making one costs a read-only command such as {@code metaopt status}
 * more than all its reading (its date format loads CLDR calendar data).
 */
public final class Json {
  /** Largest JSON document metaopt reads (worker stdout, state, results): 16 MiB. */
  public static final int MAX_DOCUMENT_CHARS = 16 * 1024 * 1024;

  /** The rules of every document metaopt reads and writes, for the mapper and this class alike. */
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          // Python's json module writes NaN/Infinity; accept them on input so a worker's NaN
          // metric is a handled value, never a parse crash.
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxDocumentLength(MAX_DOCUMENT_CHARS)
                  .maxNestingDepth(200)
                  .build())
          .build();

  /** Holds the mapper, so that it is made only when first asked for. */
  private static final class Mapper {
    static final ObjectMapper INSTANCE =
        JsonMapper.builder(FACTORY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .build();
  }

  private Json() {}

  /** The shared mapper. Do not reconfigure it. */
  public static ObjectMapper mapper() {
    return Mapper.INSTANCE;
  }

  /** Node factory for building trees (the mapper's own). */
  public static JsonNodeFactory nodes() {
    return JsonNodeFactory.instance;
  }

  /** A new empty object node. */
  public static ObjectNode object() {
    return nodes().objectNode();
  }

  /**
   * Parses text strictly, into the tree the mapper's {@code readTree} builds; throws
   * {@link IOException} with the parser's location on bad input.
   */
  public static JsonNode parse(String text) throws IOException {
    return TreeReader.read(FACTORY, text);
  }

  /** Pretty, key-sorted rendering with a trailing newline: the format of every file we write. */
  public static String pretty(JsonNode node) {
    try {
      return TreeWriter.write(FACTORY, node, /* indent= */ true) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One-line rendering (ledger lines, logs). Keys sorted. */
  public static String compact(JsonNode node) {
    try {
      return TreeWriter.write(FACTORY, node, /* indent= */ false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Converts any value (record, map, list) into a tree. */
  public static JsonNode toTree(Object value) {
    return mapper().valueToTree(value);
  }
}
