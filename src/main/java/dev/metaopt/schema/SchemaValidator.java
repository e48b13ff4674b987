package dev.metaopt.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Validates documents against the schemas shipped under {@code src/main/resources/schemas/}.
 * Schemas are compiled once per kind and cached; errors come back as {@code location: message}
 * issues in document order.
 */
public final class SchemaValidator {
  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  private static final Map<SchemaKind, Schema> CACHE = new EnumMap<>(SchemaKind.class);

  private SchemaValidator() {}

  /** All schema violations of {@code document} against {@code kind}; empty when valid. */
  public static List<ValidationIssue> validate(SchemaKind kind, JsonNode document) {
    List<ValidationIssue> issues = new ArrayList<>();
    for (Error error : schema(kind).validate(document)) {
      String location = error.getInstanceLocation().toString();
      issues.add(new ValidationIssue(location, error.getMessage(), null, ""));
    }
    return issues;
  }

  private static synchronized Schema schema(SchemaKind kind) {
    return CACHE.computeIfAbsent(
        kind, k -> REGISTRY.getSchema(SchemaLocation.of("classpath:" + k.resource())));
  }
}
