package dev.metaopt.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Reads one JSON document into a tree with the streaming parser alone: the tree an
 * {@code ObjectMapper}'s {@code readTree} builds (jackson-databind 2.22,
 * {@code ObjectMapper._readTreeAndClose} and {@code JsonNodeDeserializer}: the same node types, a
 * missing node for empty input, the same trailing-token error), without building a mapper, whose
 * first construction loads the date format's CLDR data and several hundred classes — most of what
 * {@code metaopt status} spent on JSON. The parser's rules (duplicate keys, NaN, size and depth
 * limits) come from the factory {@link Json} configures. {@code TreeReaderTest} compares both
 * readers on valid and invalid documents.
 */
final class TreeReader {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private TreeReader() {}

  /** The document's tree; {@link IOException} with the parser's location on bad input. */
  static JsonNode read(JsonFactory factory, String text) throws IOException {
    try (JsonParser parser = factory.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return MissingNode.getInstance();
      }
      JsonNode tree = value(parser, first);
      JsonToken trailing = parser.nextToken();
      if (trailing != null) {
        // DeserializationContext.reportTrailingTokens' message, as FAIL_ON_TRAILING_TOKENS has it
        throw MismatchedInputException.from(parser, JsonNode.class, "Trailing token (of type "
            + trailing + ") found after value (bound as `" + JsonNode.class.getName()
            + "`): not allowed as per `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`");
      }
      return tree;
    }
  }

  /** The value starting at {@code token}; nesting is bounded by the factory's depth limit. */
  private static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT:
        ObjectNode object = NODES.objectNode();
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
          object.replace(name, value(parser, parser.nextToken()));
        }
        return object;
      case START_ARRAY:
        ArrayNode array = NODES.arrayNode();
        for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY;
            next = parser.nextToken()) {
          array.add(value(parser, next));
        }
        return array;
      case VALUE_STRING:
        return NODES.textNode(parser.getText());
      case VALUE_NUMBER_INT:
        return switch (parser.getNumberType()) {
          case INT -> NODES.numberNode(parser.getIntValue());
          case LONG -> NODES.numberNode(parser.getLongValue());
          default -> NODES.numberNode(parser.getBigIntegerValue());
        };
      case VALUE_NUMBER_FLOAT:
        return switch (parser.getNumberTypeFP()) {
          case BIG_DECIMAL -> NODES.numberNode(parser.getDecimalValue());
          case FLOAT32 -> NODES.numberNode(parser.getFloatValue());
          default -> NODES.numberNode(parser.getDoubleValue());
        };
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      default: // a JSON text holds no embedded objects; anything else the parser rejects first
        throw MismatchedInputException.from(parser, JsonNode.class,
            "Unexpected token (" + token + ") for a JSON tree");
    }
  }
}
