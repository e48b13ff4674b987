package dev.metaopt.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.schema.ValidationIssue;
import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of loading and validating a campaign file: the parsed document (null when it could
 * not be read or parsed), every problem found, all at once, and the warnings: settings that are
 * valid but very likely not what the author meant (they never block a campaign).
 */
public record CampaignCheck(Path file, JsonNode raw, List<ValidationIssue> issues,
    List<ValidationIssue> warnings) {
  public CampaignCheck {
    issues = List.copyOf(issues);
    warnings = List.copyOf(warnings);
  }

  /** A check without warnings. */
  public CampaignCheck(Path file, JsonNode raw, List<ValidationIssue> issues) {
    this(file, raw, issues, List.of());
  }

  /** The campaign bound to typed values; only for a {@link #valid()} campaign. */
  public Campaign campaign() {
    if (!valid()) {
      throw new IllegalStateException(file + " is not a valid campaign: " + issues);
    }
    return Campaign.bind(raw);
  }

  /** True when a mapping was loaded and no rule is broken. */
  public boolean valid() {
    return raw != null && raw.isObject() && issues.isEmpty();
  }
}
