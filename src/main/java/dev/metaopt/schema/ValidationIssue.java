package dev.metaopt.schema;

import java.util.Objects;

/**
 * One problem found in an input document: where ({@code path}, a dotted field path or a JSON
 * pointer; empty for the whole document), which rule was broken, the offending value (rendered,
 * may be null when the field is missing) and a hint saying what to do.
 */
public record ValidationIssue(String path, String rule, String value, String hint) {
  public ValidationIssue {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(rule, "rule");
    hint = hint == null ? "" : hint;
  }

  /** Issue without a value or hint. */
  public static ValidationIssue of(String path, String rule) {
    return new ValidationIssue(path, rule, null, "");
  }

  /** One line: {@code path: rule (got value); hint}. */
  public String format() {
    StringBuilder line = new StringBuilder();
    line.append(path.isEmpty() ? "(document)" : path).append(": ").append(rule);
    if (value != null) {
      line.append(" (got ").append(value).append(')');
    }
    if (!hint.isEmpty()) {
      line.append("; ").append(hint);
    }
    return line.toString();
  }
}
