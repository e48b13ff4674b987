package dev.metaopt.campaign;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.metaopt.schema.ValidationIssue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads a campaign YAML file into a JSON tree and validates it. Reading never throws for bad
 * input: an absent, oversized, non-UTF-8 or unparseable file becomes a single issue naming it.
 */
public final class CampaignLoader {
  /** Campaign files are small; anything larger is a mistake (or an attack), not a campaign. */
  static final long MAX_BYTES = 1024 * 1024;

  private static final ObjectMapper YAML = yamlMapper();

  private CampaignLoader() {}

  /** Loads and validates {@code file}. */
  public static CampaignCheck check(Path file) {
    try {
      JsonNode raw = parse(file);
      FieldChecks checks = CampaignValidator.check(raw);
      return new CampaignCheck(file, raw, checks.issues(), checks.warnings());
    } catch (Unreadable e) {
      return new CampaignCheck(file, null, List.of(e.issue));
    }
  }

  private static JsonNode parse(Path file) throws Unreadable {
    if (!Files.exists(file)) {
      throw new Unreadable("campaign file not found", "check the path, or create it from"
          + " examples/quickstart/ml_metaopt_campaign.yaml");
    }
    if (Files.isDirectory(file)) {
      throw new Unreadable("campaign path is a directory, not a file",
          "pass the YAML file itself, e.g. " + file.resolve("ml_metaopt_campaign.yaml"));
    }
    String text = readText(file);
    JsonNode raw;
    try {
      rejectAliases(text);
      raw = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new Unreadable("invalid yaml: " + e.getOriginalMessage().strip(),
          "fix the YAML syntax" + location(e));
    } catch (IOException e) {
      throw new Unreadable("invalid yaml: " + e.getMessage(), "fix the YAML syntax");
    }
    if (raw == null || raw.isMissingNode() || raw.isNull()) {
      throw new Unreadable("campaign file is empty", "fill in the campaign sections");
    }
    return raw;
  }

  private static String readText(Path file) throws Unreadable {
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new Unreadable("campaign file is larger than 1 MiB",
            "a campaign is a short YAML file; check you passed the right path");
      }
      byte[] bytes = Files.readAllBytes(file);
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new Unreadable("campaign file is not UTF-8 text", "save it as UTF-8");
    } catch (IOException e) {
      throw new Unreadable("campaign file cannot be read: " + e.getMessage(),
          "check its permissions");
    }
  }

  /**
   * Jackson does not resolve YAML aliases: it would silently read {@code *name} as the string
   * "name". Refusing them keeps a campaign from meaning something other than it says, and also
   * defuses alias-expansion bombs ("billion laughs").
   */
  private static void rejectAliases(String text) throws IOException, Unreadable {
    try (YAMLParser parser = (YAMLParser) YAML.getFactory().createParser(text)) {
      while (parser.nextToken() != null) {
        if (parser.isCurrentAlias()) {
          throw new Unreadable("YAML aliases are not supported (*" + parser.getText() + ")",
              "write the value out in full" + location(parser.currentTokenLocation()));
        }
      }
    }
  }

  private static String location(JsonProcessingException e) {
    return location(e.getLocation());
  }

  private static String location(JsonLocation where) {
    return where == null ? ""
        : " near line " + where.getLineNr() + ", column " + where.getColumnNr();
  }

  private static ObjectMapper yamlMapper() {
    LoaderOptions options = new LoaderOptions();
    // Limits of the underlying SnakeYAML parser; aliases themselves are refused in rejectAliases.
    options.setMaxAliasesForCollections(20);
    options.setNestingDepthLimit(50);
    options.setCodePointLimit((int) MAX_BYTES);
    options.setAllowDuplicateKeys(false);
    YAMLFactory factory = YAMLFactory.builder().loaderOptions(options).build();
    return YAMLMapper.builder(factory)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .build();
  }

  /** A file that could not be turned into a document. */
  private static final class Unreadable extends Exception {
    private final transient ValidationIssue issue;

    Unreadable(String rule, String hint) {
      super(rule, null, false, false);
      this.issue = new ValidationIssue("", rule, null, hint);
    }
  }
}
