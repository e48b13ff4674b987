package dev.metaopt.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.testing.GeneratedBlock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code references/control-protocol.md} states the policy tables exactly as the code has them. */
class ControlProtocolDocTest {
  private static final Path DOC = Path.of("references/control-protocol.md");
  private static final Pattern DIRECTIVE_ROW =
      Pattern.compile("(?m)^\\| `(\\w+)` \\| ([^|]*) \\|");

  @Test
  void theOwnershipTableIsGeneratedFromTheOwnershipMap() throws Exception {
    new GeneratedBlock(DOC, "ownership").assertCurrent(ProtocolPolicy.ownershipMarkdown());
  }

  @Test
  void theDirectiveTableNamesEveryActionWithItsRequiredFields() throws Exception {
    String doc = Files.readString(DOC);
    String table = doc.substring(doc.indexOf("| action | required fields |"),
        doc.indexOf("Blocked (named so the error says why)"));
    Map<String, List<String>> documented = new TreeMap<>();
    Matcher row = DIRECTIVE_ROW.matcher(table);
    while (row.find()) {
      documented.put(row.group(1), Arrays.stream(row.group(2).split(","))
          .map(f -> f.strip().replace("`", "")).filter(f -> !f.isEmpty() && !f.equals("—"))
          .toList());
    }
    assertThat(documented).isEqualTo(new TreeMap<>(ProtocolPolicy.directiveFields()));
    for (String blocked : ProtocolPolicy.blockedActions()) {
      assertThat(doc).contains("`" + blocked + "`");
    }
  }
}
