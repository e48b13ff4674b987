package dev.metaopt.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.json.Json;
import dev.metaopt.schema.SchemaKind;
import dev.metaopt.schema.SchemaValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published {@code campaign.schema.json} and the Java validator are two statements of one
 * contract: on every campaign fixture they must agree, so neither can drift alone.
 */
class CampaignSchemaAgreementTest {
  private static final Path FIXTURES = Path.of("tests-fixtures/schemas/campaign");

  static Stream<Path> valid() throws IOException {
    return list("valid");
  }

  static Stream<Path> invalid() throws IOException {
    return list("invalid");
  }

  @ParameterizedTest
  @MethodSource("valid")
  void bothAcceptAValidCampaign(Path file) throws IOException {
    JsonNode campaign = Json.parse(Files.readString(file));
    assertThat(SchemaValidator.validate(SchemaKind.CAMPAIGN, campaign)).isEmpty();
    assertThat(CampaignValidator.validate(campaign)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void bothRejectAnInvalidCampaign(Path file) throws IOException {
    JsonNode campaign = Json.parse(Files.readString(file));
    assertThat(SchemaValidator.validate(SchemaKind.CAMPAIGN, campaign)).isNotEmpty();
    assertThat(CampaignValidator.validate(campaign)).isNotEmpty();
  }

  private static Stream<Path> list(String kind) throws IOException {
    try (Stream<Path> files = Files.list(FIXTURES.resolve(kind))) {
      return files.sorted().toList().stream();
    }
  }
}
