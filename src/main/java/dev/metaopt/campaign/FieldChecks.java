package dev.metaopt.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.json.CanonicalJson;
import dev.metaopt.json.Json;
import dev.metaopt.schema.ValidationIssue;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed field rules over a parsed document, collecting every broken rule as a
 * {@link ValidationIssue} with the dotted path, the rule and the value. Booleans are never
 * numbers and integer fields reject {@code 4.0}: YAML makes both easy to write by accident.
 */
final class FieldChecks {
  private final JsonNode root;
  private final List<ValidationIssue> issues = new ArrayList<>();
  private final List<ValidationIssue> warnings = new ArrayList<>();

  FieldChecks(JsonNode root) {
    this.root = root;
  }

  List<ValidationIssue> issues() {
    return issues;
  }

  /** What is valid but very likely not what the author meant. */
  List<ValidationIssue> warnings() {
    return warnings;
  }

  void warn(String path, String rule, JsonNode value, String hint) {
    warnings.add(new ValidationIssue(path, rule, value == null ? null : render(value), hint));
  }

  /** The value at a dotted path; MissingNode when a parent is absent or not a mapping. */
  JsonNode at(String dotted) {
    JsonNode node = root;
    for (String part : dotted.split("\\.")) {
      node = node.isObject() ? node.path(part) : Json.object().path(part);
    }
    return node;
  }

  /** True when the path holds a value other than YAML null. */
  boolean present(String dotted) {
    JsonNode node = at(dotted);
    return !node.isMissingNode() && !node.isNull();
  }

  void add(String path, String rule, JsonNode value, String hint) {
    issues.add(new ValidationIssue(path, rule, value == null ? null : render(value), hint));
  }

  void missing(String path, String hint) {
    issues.add(new ValidationIssue(path, "missing required field: " + path, null, hint));
  }

  /** A required non-empty string, optionally without whitespace. */
  void nonEmptyString(String path, boolean noWhitespace, String hint) {
    JsonNode value = at(path);
    if (!present(path)) {
      return;
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      add(path, "must be a non-empty string", value, hint);
    } else if (noWhitespace && value.asText().chars().anyMatch(Character::isWhitespace)) {
      add(path, "must not contain whitespace", value, hint);
    }
  }

  /** A boolean ({@code true}/{@code false}, never a number or a string) when present. */
  void bool(String path, String hint) {
    if (present(path) && !at(path).isBoolean()) {
      add(path, "must be true or false", at(path), hint);
    }
  }

  /** An integer in [min, max] when present; {@code rule} is the range wording. */
  void integer(String path, long min, long max, String rule, String hint) {
    if (!present(path)) {
      return;
    }
    JsonNode value = at(path);
    if (value.isBoolean()) {
      add(path, "must be an integer, got boolean", value, hint);
    } else if (!inRange(value, min, max)) {
      add(path, rule, value, hint);
    }
  }

  private static boolean inRange(JsonNode value, long min, long max) {
    // canConvertToLong first: a huge integer must not wrap around into the allowed range.
    return value.isIntegralNumber() && value.canConvertToLong()
        && value.asLong() >= min && value.asLong() <= max;
  }

  /** A finite number with {@code low < value ≤ high} (or {@code low ≤ value} when inclusive). */
  void number(String path, double low, boolean lowInclusive, double high, String rule,
      String hint) {
    if (!present(path)) {
      return;
    }
    JsonNode value = at(path);
    if (value.isBoolean()) {
      add(path, "must be a number, got boolean", value, hint);
      return;
    }
    double d = value.isNumber() ? value.asDouble() : Double.NaN;
    boolean aboveLow = lowInclusive ? d >= low : d > low;
    if (!value.isNumber() || !Double.isFinite(d) || !aboveLow || d > high) {
      add(path, rule, value, hint);
    }
  }

  static String render(JsonNode value) {
    // a number as Python prints it (0.0005, not Java's 5.0E-4): as the user wrote it in YAML
    String text = value.isNumber() ? CanonicalJson.write(value) : Json.compact(value);
    return text.length() > 80 ? text.substring(0, 77) + "..." : text;
  }
}
