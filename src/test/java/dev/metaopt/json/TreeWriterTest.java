package dev.metaopt.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Json#pretty} and {@link Json#compact}, written without a mapper, write what it writes. */
class TreeWriterTest {
  static List<JsonNode> trees() throws Exception {
    List<JsonNode> trees = new ArrayList<>();
    for (String text : TreeReaderTest.valid()) {
      trees.add(Json.parse(text));
    }
    trees.add(Json.parse(Files.readString(Path.of(".ml-metaopt-example/state.json"))));
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode built = nodes.objectNode();
    built.put("zeta", Double.NaN).put("eta", Double.POSITIVE_INFINITY).put("alpha", 1.5f)
        .put("Beta", new BigDecimal("1E+3")).put("gamma", new BigInteger("123456789012345678901"))
        .put("delta", Long.MAX_VALUE).put("text", "tab\t quote\" slash\\ nul\u0000 é ☃")
        .put("bytes", new byte[] {1, 2, 3}).putNull("nothing");
    built.putObject("empty");
    built.putArray("none");
    ArrayNode array = built.putArray("mixed");
    array.add(3).add(-0.0).add(1e-7).add(1e21).addNull().addObject().put("b", 1).put("a", 2);
    trees.add(built);
    return trees;
  }

  @ParameterizedTest
  @MethodSource("trees")
  void prettyIsWhatTheMapperIndents(JsonNode tree) throws Exception {
    // given
    String mapper = Json.mapper().writeValueAsString(tree) + "\n";

    // when
    String streamed = Json.pretty(tree);

    // then
    assertThat(streamed).isEqualTo(mapper);
  }

  @ParameterizedTest
  @MethodSource("trees")
  void compactIsWhatTheMapperWritesOnOneLine(JsonNode tree) throws Exception {
    // given
    String mapper = Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(tree);

    // when
    String streamed = Json.compact(tree);

    // then
    assertThat(streamed).isEqualTo(mapper);
  }
}
