package dev.metaopt.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalJsonTest {
  @Test
  void writesSortedCompactAsciiEscapedJson() throws Exception {
    // given
    var node = Json.parse("{\"b\": [1, 2.5, true, null], \"a\": {\"z\": \"é/\\n\", \"y\": \"😀\"}}");

    // when
    String canonical = CanonicalJson.write(node);

    // then
    assertThat(canonical)
        .isEqualTo("{\"a\":{\"y\":\"\\ud83d\\ude00\",\"z\":\"\\u00e9/\\n\"},\"b\":[1,2.5,true,null]}");
  }

  @ParameterizedTest
  @CsvSource({
    "0.005, 0.005",
    "10.0, 10.0",
    "0.0001, 0.0001",
    "0.00001, 1e-05",
    "1e16, 1e+16",
    "123456789012345.0, 123456789012345.0",
    "-2.5e-7, -2.5e-07"
  })
  void rendersFloatsLikePythonRepr(double value, String expected) {
    assertThat(CanonicalJson.pythonFloatRepr(value)).isEqualTo(expected);
  }
}
