package dev.metaopt.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Json#parse}, built without a mapper, reads every document as the mapper reads it. */
class TreeReaderTest {
  static List<String> valid() {
    return List.of(
        "{\"b\": 1, \"a\": [true, false, null, \"x\\u00e9\\n\"], \"c\": {\"d\": {}}}",
        "[1, -1, 2147483647, 2147483648, -2147483649, 9223372036854775807,"
            + " 9223372036854775808, -9223372036854775809, 0, -0]",
        "[0.5, -1.25e-7, 1E400, 1e-400, 3.141592653589793238462643383279, -0.0, 1.0]",
        "{\"value\": NaN, \"up\": Infinity, \"down\": -Infinity, \"plus\": +Infinity}",
        "\"text\"", "42", "4.2", "true", "null", "[]", "{}", "", "   \n ",
        "[[[[[[[[[[{\"deep\": [1, [2, [3]]]}]]]]]]]]]]",
        "{\"order\": 1, \"kept\": 2, \"as\": 3, \"written\": 4}");
  }

  static List<String> invalid() {
    return List.of("{\"a\": 1, \"a\": 2}", "{\"a\": 1} {\"b\": 2}", "[1] x", "1 2", "{\"a\": }",
        "[1, 2", "{\"a\" 1}", "nul", "{'a': 1}", "[1,]", "\"unterminated", "{\"a\": 1}}",
        "[" .repeat(201) + "]".repeat(201), "[NaNa]", "// comment\n{}", "\u0000");
  }

  @ParameterizedTest
  @MethodSource("valid")
  void buildsTheTreeTheMapperBuilds(String text) throws Exception {
    // given
    JsonNode mapper = Json.mapper().readTree(text);

    // when
    JsonNode streamed = Json.parse(text);

    // then: equal nodes of equal classes (IntNode is not LongNode), in the same key order
    assertThat(streamed).isEqualTo(mapper);
    assertThat(shape(streamed)).isEqualTo(shape(mapper));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void rejectsWhatTheMapperRejectsWithItsMessage(String text) {
    // given
    Throwable mapper = catchThrowable(() -> Json.mapper().readTree(text));

    // when
    Throwable streamed = catchThrowable(() -> Json.parse(text));

    // then
    assertThat(mapper).isNotNull();
    assertThat(streamed).isInstanceOf(mapper.getClass()).hasMessage(mapper.getMessage());
  }

  /** Every node's class and every object's key order, which {@code equals} does not compare. */
  private static String shape(JsonNode node) {
    StringBuilder shape = new StringBuilder(node.getClass().getSimpleName());
    if (node.isObject()) {
      node.fields().forEachRemaining(field ->
          shape.append(" ").append(field.getKey()).append("=(").append(shape(field.getValue()))
              .append(")"));
    } else if (node.isArray()) {
      node.forEach(element -> shape.append(" (").append(shape(element)).append(")"));
    } else if (node.isNumber()) {
      shape.append(" ").append(node.numberValue());
    }
    return shape.toString();
  }
}
