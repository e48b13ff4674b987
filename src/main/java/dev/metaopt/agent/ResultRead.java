package dev.metaopt.agent;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The outcome of reading a worker or executor result file: absent, present but unusable (not
 * JSON, not an object, fails its schema), or present and valid. Malformed results are a handled
 * outcome, never a crash (upstream D-15).
 *
 * @param kind which of the three it is
 * @param value the parsed document when {@code kind == PRESENT}, else null
 * @param problem why the file is unusable when {@code kind == INVALID}, else null
 */
public record ResultRead(Kind kind, JsonNode value, String problem) {
  /** Which outcome. */
  public enum Kind {
    MISSING,
    INVALID,
    PRESENT
  }

  public static ResultRead missing() {
    return new ResultRead(Kind.MISSING, null, null);
  }

  public static ResultRead invalid(String problem) {
    return new ResultRead(Kind.INVALID, null, problem);
  }

  public static ResultRead present(JsonNode value) {
    return new ResultRead(Kind.PRESENT, value, null);
  }

  public boolean isPresent() {
    return kind == Kind.PRESENT;
  }

  public boolean isMissing() {
    return kind == Kind.MISSING;
  }

  public boolean isInvalid() {
    return kind == Kind.INVALID;
  }
}
