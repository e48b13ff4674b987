package dev.metaopt.backend.skypilot;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.json.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes a document for tools that read it with PyYAML's {@code yaml.safe_load} (YAML 1.1):
 * {@code wandb sweep} and {@code sky launch}. The text is JSON, which YAML reads as flow style,
 * except that every floating-point number is spelled the way YAML 1.1 resolves as a float: with a
 * decimal point and, when an exponent is needed, a signed one ({@code 1.0e+7}). Jackson's own
 * {@code 1.0E7} would be read as the string "1.0E7", and {@code 1e-4} as "1e-4".
 */
final class PyYamlText {
  private PyYamlText() {}

  static String of(JsonNode document) {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = Json.mapper().getFactory().createGenerator(out)) {
      generator.useDefaultPrettyPrinter();
      write(document, generator);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out + "\n";
  }

  private static void write(JsonNode node, JsonGenerator generator) throws IOException {
    if (node.isObject()) {
      generator.writeStartObject();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        generator.writeFieldName(field.getKey());
        write(field.getValue(), generator);
      }
      generator.writeEndObject();
    } else if (node.isArray()) {
      generator.writeStartArray();
      for (JsonNode item : node) {
        write(item, generator);
      }
      generator.writeEndArray();
    } else if (node.isFloatingPointNumber()) {
      generator.writeNumber(yamlFloat(node.asDouble()));
    } else {
      generator.writeTree(node);
    }
  }

  /** A finite double as PyYAML's float resolver accepts it: digits, a dot, a signed exponent. */
  static String yamlFloat(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("not a finite number: " + value);
    }
    BigDecimal decimal = BigDecimal.valueOf(value);
    double magnitude = Math.abs(value);
    if (value == 0 || magnitude >= 1e-4 && magnitude < 1e15) {
      String plain = decimal.stripTrailingZeros().toPlainString();
      return plain.contains(".") ? plain : plain + ".0";
    }
    int power = decimal.precision() - decimal.scale() - 1;
    String mantissa = decimal.movePointLeft(power).stripTrailingZeros().toPlainString();
    return (mantissa.contains(".") ? mantissa : mantissa + ".0") + "e"
        + (power < 0 ? "-" : "+") + Math.abs(power);
  }
}
