package dev.metaopt.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A block of a Markdown file generated from the code, between {@code <!-- generated:NAME:begin -->}
 * and {@code <!-- generated:NAME:end -->}. {@link #assertCurrent} fails when the file's copy is
 * stale; run the test with {@code -Dmetaopt.regenerateDocs=true} to rewrite it instead.
 */
public record GeneratedBlock(Path file, String name) {
  public String begin() {
    return "<!-- generated:" + name + ":begin -->";
  }

  public String end() {
    return "<!-- generated:" + name + ":end -->";
  }

  /** Asserts that the block holds exactly {@code content} (or rewrites it when regenerating). */
  public void assertCurrent(String content) throws IOException {
    String doc = Files.readString(file, StandardCharsets.UTF_8);
    int from = doc.indexOf(begin());
    int to = doc.indexOf(end());
    assertThat(from).as(file + ": marker " + begin()).isNotNegative();
    assertThat(to).as(file + ": marker " + end()).isGreaterThan(from);
    String expected = begin() + "\n\n" + content.strip() + "\n\n" + end();
    String actual = doc.substring(from, to + end().length());
    if (Boolean.getBoolean("metaopt.regenerateDocs")) {
      Files.writeString(file, doc.replace(actual, expected), StandardCharsets.UTF_8);
      return;
    }
    assertThat(actual)
        .as(file + " is stale; regenerate with -Dmetaopt.regenerateDocs=true")
        .isEqualTo(expected);
  }
}
