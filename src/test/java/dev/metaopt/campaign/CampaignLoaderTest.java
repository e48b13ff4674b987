package dev.metaopt.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.schema.ValidationIssue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a campaign file: every way it can be unreadable becomes one clear issue. */
class CampaignLoaderTest {
  @TempDir Path dir;

  private List<String> issuesOf(Path file) {
    return CampaignLoader.check(file).issues().stream().map(ValidationIssue::format).toList();
  }

  private Path write(String text) throws IOException {
    return Files.writeString(dir.resolve("ml_metaopt_campaign.yaml"), text);
  }

  @Test
  void reportsAMissingFile() {
    // given
    Path absent = dir.resolve("ml_metaopt_campaign.yaml");

    // when
    CampaignCheck check = CampaignLoader.check(absent);

    // then
    assertThat(check.valid()).isFalse();
    assertThat(check.raw()).isNull();
    assertThat(check.file()).isEqualTo(absent);
    assertThat(issuesOf(absent)).containsExactly("(document): campaign file not found; check the"
        + " path, or create it from examples/quickstart/ml_metaopt_campaign.yaml");
  }

  @Test
  void reportsADirectory() {
    assertThat(issuesOf(dir)).containsExactly("(document): campaign path is a directory, not a"
        + " file; pass the YAML file itself, e.g. " + dir.resolve("ml_metaopt_campaign.yaml"));
  }

  @Test
  void reportsAnEmptyFile() throws IOException {
    // given
    Path empty = write("");

    // when / then
    assertThat(issuesOf(empty))
        .containsExactly("(document): campaign file is empty; fill in the campaign sections");
  }

  @Test
  void reportsAFileOfOnlyCommentsAsEmpty() throws IOException {
    // given
    Path comments = write("# campaign: to do\n\n# more later\n");

    // when / then
    assertThat(issuesOf(comments))
        .containsExactly("(document): campaign file is empty; fill in the campaign sections");
  }

  @Test
  void reportsAListRoot() throws IOException {
    // given
    Path list = write("- campaign\n- project\n");

    // when / then
    assertThat(issuesOf(list)).containsExactly("(document): campaign root must be a mapping"
        + " (got [\"campaign\",\"project\"]); start the file with 'campaign:'");
  }

  @Test
  void reportsBrokenYamlWithLineAndColumn() throws IOException {
    // given
    Path broken = write("campaign:\n  name: [unclosed\nproject: {}\n");

    // when
    List<String> issues = issuesOf(broken);

    // then
    assertThat(issues).singleElement().asString()
        .startsWith("(document): invalid yaml: ")
        .contains("line 3, column 8")
        .endsWith("; fix the YAML syntax near line 3, column 8");
  }

  @Test
  void reportsBytesThatAreNotUtf8() throws IOException {
    // given: "name: caf\xe9" in Latin-1
    byte[] latin1 = "campaign:\n  name: café\n".getBytes(StandardCharsets.ISO_8859_1);
    Path file = Files.write(dir.resolve("ml_metaopt_campaign.yaml"), latin1);

    // when / then
    assertThat(issuesOf(file))
        .containsExactly("(document): campaign file is not UTF-8 text; save it as UTF-8");
  }

  @Test
  void refusesAFileLargerThanOneMebibyte() throws IOException {
    // given: a valid campaign padded with comments to one byte over the limit
    int exampleBytes = CampaignText.example().yaml().getBytes(StandardCharsets.UTF_8).length;
    Path big = write(CampaignText.example().yaml()
        + "#".repeat((int) CampaignLoader.MAX_BYTES - exampleBytes) + "\n");

    // when / then
    assertThat(Files.size(big)).isEqualTo(CampaignLoader.MAX_BYTES + 1);
    assertThat(issuesOf(big)).containsExactly("(document): campaign file is larger than 1 MiB;"
        + " a campaign is a short YAML file; check you passed the right path");
  }

  @Test
  void acceptsAFileOfExactlyOneMebibyte() throws IOException {
    // given
    int exampleBytes = CampaignText.example().yaml().getBytes(StandardCharsets.UTF_8).length;
    int padding = (int) CampaignLoader.MAX_BYTES - exampleBytes;
    String commentLine = "#".repeat(63) + "\n";
    Path limit = write(CampaignText.example().yaml()
        + commentLine.repeat(padding / commentLine.length())
        + "#".repeat(padding % commentLine.length() - 1) + "\n");

    // when / then
    assertThat(Files.size(limit)).isEqualTo(CampaignLoader.MAX_BYTES);
    assertThat(issuesOf(limit)).isEmpty();
  }

  @Test
  void refusesAnAliasBombWithoutExpandingIt() throws IOException {
    // given: "billion laughs": 9^9 copies of "lol" if the aliases were expanded
    StringBuilder bomb = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (char name = 'b'; name <= 'i'; name++) {
      char previous = (char) (name - 1);
      bomb.append(name).append(": &").append(name).append(" [")
          .append(String.join(", ", Collections.nCopies(9, "*" + previous)))
          .append("]\n");
    }
    Path file = write(bomb.toString());

    // when
    List<String> issues = issuesOf(file);

    // then
    assertThat(issues).containsExactly("(document): YAML aliases are not supported (*a);"
        + " write the value out in full near line 2, column 8");
  }

  @Test
  void refusesAnAliasRatherThanReadingItsNameAsText() throws IOException {
    // given: Jackson would otherwise read *owner as the string "owner"
    Path file = write(CampaignText.example().yaml()
        .replace("entity: my-wandb-entity", "entity: &owner my-wandb-entity")
        .replace("project: gnn-mnist-metaopt", "project: *owner"));

    // when
    CampaignCheck check = CampaignLoader.check(file);

    // then
    assertThat(check.raw()).isNull();
    assertThat(issuesOf(file)).singleElement().asString()
        .startsWith("(document): YAML aliases are not supported (*owner)");
  }

  @Test
  void acceptsAnAnchorThatIsNeverReferenced() throws IOException {
    // given
    Path file = write(CampaignText.example().yaml()
        .replace("entity: my-wandb-entity", "entity: &owner my-wandb-entity"));

    // when / then
    assertThat(issuesOf(file)).isEmpty();
  }

  @Test
  void refusesDuplicateKeys() throws IOException {
    // given: the second max_budget_usd would silently win
    Path file = write(CampaignText.example().yaml()
        .replace("max_budget_usd: 10", "max_budget_usd: 10\n  max_budget_usd: 90"));

    // when / then
    assertThat(issuesOf(file)).containsExactly("(document): invalid yaml: Duplicate field"
        + " 'max_budget_usd'; fix the YAML syntax near line 23, column 17");
  }

  @Test
  void readsYaml11BooleanWordsAsBooleansWhichAreNeverNumbers() throws IOException {
    // given: like PyYAML, "yes" is a boolean
    Path file = write(CampaignText.example().yaml()
        .replace("num_sweep_agents: 4", "num_sweep_agents: yes"));

    // when / then
    assertThat(issuesOf(file)).containsExactly("compute.num_sweep_agents: must be an integer, got"
        + " boolean (got true); parallel trials per sweep");
  }

  @Test
  void refusesNotANumberAsInvalidYamlWithItsLocation() throws IOException {
    // given: Jackson cannot read YAML's .nan; no campaign field may hold NaN anyway
    Path file = write(CampaignText.example().yaml()
        .replace("max_budget_usd: 10", "max_budget_usd: .nan"));

    // when / then
    assertThat(issuesOf(file)).singleElement().asString()
        .startsWith("(document): invalid yaml: ")
        .contains(".nan")
        .contains("near line 22, column 23");
  }

  @Test
  void acceptsAUtf8ByteOrderMark() throws IOException {
    // given: as some Windows editors save it
    Path file = write("\uFEFF" + CampaignText.example().yaml());

    // when / then
    assertThat(issuesOf(file)).isEmpty();
  }

  @Test
  void acceptsWindowsLineEndings() throws IOException {
    // given
    Path file = write(CampaignText.example().yaml().replace("\n", "\r\n"));

    // when / then
    assertThat(issuesOf(file)).isEmpty();
  }
}
