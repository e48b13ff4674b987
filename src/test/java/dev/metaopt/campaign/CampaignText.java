package dev.metaopt.campaign;

import dev.metaopt.schema.ValidationIssue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Campaign YAML text for tests: the upstream example with targeted edits, checked from a file. */
record CampaignText(String yaml) {
  static final Path EXAMPLE = Path.of("tests-fixtures/upstream/ml_metaopt_campaign.example.yaml");

  /** The upstream v4 example, unchanged. */
  static CampaignText example() {
    try {
      return new CampaignText(Files.readString(EXAMPLE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces text that must be present, so an edit can never silently miss. */
  CampaignText replace(String from, String to) {
    if (!yaml.contains(from)) {
      throw new IllegalArgumentException("campaign text has no '" + from + "'");
    }
    return new CampaignText(yaml.replace(from, to));
  }

  /** Replaces a whole top-level section (header and indented lines) with {@code block}. */
  CampaignText section(String name, String block) {
    Matcher section = Pattern.compile("(?m)^" + name + ":[^\n]*\n(?:[ \t]+[^\n]*\n)*")
        .matcher(yaml);
    if (!section.find()) {
      throw new IllegalArgumentException("campaign text has no section '" + name + "'");
    }
    return new CampaignText(yaml.substring(0, section.start()) + block
        + yaml.substring(section.end()));
  }

  /** Appends lines at the end of the document (a new top-level section). */
  CampaignText append(String lines) {
    return new CampaignText(yaml + lines);
  }

  /** Writes the text to {@code dir/ml_metaopt_campaign.yaml} and loads it. */
  CampaignCheck check(Path dir) {
    Path file = dir.resolve("ml_metaopt_campaign.yaml");
    try {
      Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return CampaignLoader.check(file);
  }

  /** Every issue, one formatted line each. */
  List<String> issues(Path dir) {
    return check(dir).issues().stream().map(ValidationIssue::format).toList();
  }
}
