package dev.metaopt.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every schema against its fixtures: {@code tests-fixtures/schemas/<stem>/valid/*.json} must pass
 * and each file under {@code invalid/} (named after the rule it breaks) must fail.
 */
class SchemaFixturesTest {
  private static final Path ROOT = Path.of("tests-fixtures/schemas");

  static Stream<Arguments> fixtures(String kind) throws IOException {
    return Arrays.stream(SchemaKind.values()).flatMap(schema -> {
      Path dir = ROOT.resolve(schema.stem()).resolve(kind);
      try (Stream<Path> files = Files.list(dir)) {
        return files.sorted().toList().stream().map(f -> Arguments.of(schema, f.getFileName()));
      } catch (IOException e) {
        throw new AssertionError("no " + kind + " fixtures for " + schema.stem(), e);
      }
    });
  }

  static Stream<Arguments> valid() throws IOException {
    return fixtures("valid");
  }

  static Stream<Arguments> invalid() throws IOException {
    return fixtures("invalid");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("valid")
  void validFixturePasses(SchemaKind schema, Path name) throws IOException {
    // when
    List<ValidationIssue> issues = SchemaValidator.validate(schema, read(schema, "valid", name));

    // then
    assertThat(issues).isEmpty();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("invalid")
  void invalidFixtureFailsWithLocatedMessages(SchemaKind schema, Path name) throws IOException {
    // when
    List<ValidationIssue> issues = SchemaValidator.validate(schema, read(schema, "invalid", name));

    // then
    assertThat(issues).isNotEmpty();
    assertThat(issues).allSatisfy(issue -> assertThat(issue.format()).contains(": "));
  }

  @ParameterizedTest
  @EnumSource(SchemaKind.class)
  void everySchemaHasAtLeastTwoValidAndThreeInvalidFixtures(SchemaKind schema)
      throws IOException {
    try (Stream<Path> valid = Files.list(ROOT.resolve(schema.stem()).resolve("valid"));
        Stream<Path> invalid = Files.list(ROOT.resolve(schema.stem()).resolve("invalid"))) {
      assertThat(valid.count()).isGreaterThanOrEqualTo(2);
      assertThat(invalid.count()).isGreaterThanOrEqualTo(3);
    }
  }

  @Test
  void everySchemaFileDeclaresDraft202012AndAnId() throws IOException {
    for (SchemaKind schema : SchemaKind.values()) {
      var doc = Json.parse(Files.readString(Path.of("src/main/resources", schema.resource())));
      assertThat(doc.path("$schema").asText()).contains("2020-12");
      assertThat(doc.path("$id").asText()).endsWith(schema.stem() + ".schema.json");
    }
  }

  private static com.fasterxml.jackson.databind.JsonNode read(SchemaKind schema, String kind,
      Path name) throws IOException {
    return Json.parse(Files.readString(ROOT.resolve(schema.stem()).resolve(kind).resolve(name)));
  }
}
