package dev.metaopt.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The state-patch mechanics (upstream U-01, U-04, U-05) with D-1 and D-17 fixed. */
class JsonMergeTest {
  static ObjectNode json(String text) throws Exception {
    return (ObjectNode) Json.parse(text);
  }

  @Test
  void u01DiffIsMinimal() throws Exception {
    ObjectNode patch = JsonMerge.diff(json("{\"a\": 1, \"b\": {\"x\": 1, \"y\": 2}, \"c\": [1]}"),
        json("{\"a\": 1, \"b\": {\"x\": 1, \"y\": 3}, \"c\": [1]}"));
    assertThat(patch).isEqualTo(json("{\"b\": {\"y\": 3}}"));
  }

  @Test
  void d01ANewKeyWithANullValueIsInThePatch() throws Exception {
    assertThat(JsonMerge.diff(json("{}"), json("{\"baseline\": null}")))
        .isEqualTo(json("{\"baseline\": null}"));
  }

  @Test
  void u05AnExplicitNullReplacingAValueIsKept() throws Exception {
    assertThat(JsonMerge.diff(json("{\"p\": [1]}"), json("{\"p\": null}")))
        .isEqualTo(json("{\"p\": null}"));
  }

  @Test
  void d17TypeOnlyChangesAreNotHidden() throws Exception {
    assertThat(JsonMerge.diff(json("{\"n\": 1, \"b\": 1}"), json("{\"n\": 1.0, \"b\": true}")))
        .isEqualTo(json("{\"n\": 1.0, \"b\": true}"));
  }

  @Test
  void u04ApplyMergesObjectsDeeplyAndReplacesTheRest() throws Exception {
    ObjectNode merged = JsonMerge.apply(
        json("{\"s\": {\"id\": \"s1\", \"status\": \"running\"}, \"l\": [1, 2], \"k\": 1}"),
        json("{\"s\": {\"status\": \"failed\"}, \"l\": [3]}"));
    assertThat(merged).isEqualTo(
        json("{\"s\": {\"id\": \"s1\", \"status\": \"failed\"}, \"l\": [3], \"k\": 1}"));
  }
}
