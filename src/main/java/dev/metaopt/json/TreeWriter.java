package dev.metaopt.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Writes a tree as text with the streaming generator alone: what the mapper writes with
 * {@code INDENT_OUTPUT} (its {@code DefaultPrettyPrinter}) or without, and
 * {@code WRITE_PROPERTIES_SORTED} (keys in {@code String} order, jackson-databind 2.22
 * {@code ObjectNode.serialize}), without making a mapper (see {@link TreeReader} for why).
 * {@code TreeWriterTest} compares both writers. A node holding a Java object (a POJO node, which
 * metaopt never builds) needs the mapper and is written by it.
 */
final class TreeWriter {
  private TreeWriter() {}

  /** The tree's text: indented as the mapper indents, or on one line. */
  static String write(JsonFactory factory, JsonNode tree, boolean indent) throws IOException {
    StringWriter text = new StringWriter();
    try (JsonGenerator generator = factory.createGenerator(text)) {
      if (indent) {
        generator.setPrettyPrinter(new DefaultPrettyPrinter());
      }
      value(generator, tree);
    }
    return text.toString();
  }

  private static void value(JsonGenerator generator, JsonNode node) throws IOException {
    switch (node.getNodeType()) {
      case OBJECT -> {
        generator.writeStartObject(node);
        List<String> names = new ArrayList<>(node.size());
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
          names.add(it.next());
        }
        Collections.sort(names);
        for (String name : names) {
          generator.writeFieldName(name);
          value(generator, node.get(name));
        }
        generator.writeEndObject();
      }
      case ARRAY -> {
        generator.writeStartArray(node, node.size());
        for (JsonNode element : node) {
          value(generator, element);
        }
        generator.writeEndArray();
      }
      case STRING -> generator.writeString(node.textValue());
      case NUMBER -> number(generator, node);
      case BOOLEAN -> generator.writeBoolean(node.booleanValue());
      case NULL, MISSING -> generator.writeNull();
      case BINARY -> generator.writeBinary(node.binaryValue());
      default -> Json.mapper().writeTree(generator, node); // a POJO node: only a mapper can
    }
  }

  private static void number(JsonGenerator generator, JsonNode node) throws IOException {
    switch (node.numberType()) {
      case INT -> generator.writeNumber(node.intValue());
      case LONG -> generator.writeNumber(node.longValue());
      case BIG_INTEGER -> generator.writeNumber(node.bigIntegerValue());
      case FLOAT -> generator.writeNumber(node.floatValue());
      case BIG_DECIMAL -> generator.writeNumber(node.decimalValue());
      default -> generator.writeNumber(node.doubleValue());
    }
  }
}
