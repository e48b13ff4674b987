package dev.metaopt.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.campaign.CampaignCheck;
import dev.metaopt.campaign.CampaignLoader;
import dev.metaopt.campaign.IdentityHash;
import dev.metaopt.json.Json;
import dev.metaopt.schema.SchemaKind;
import dev.metaopt.schema.SchemaValidator;
import dev.metaopt.schema.ValidationIssue;
import dev.metaopt.state.StateValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Validates one file of any kind {@code metaopt validate} supports; never throws on bad input. */
public final class DocumentValidator {
  private DocumentValidator() {}

  /**
   * The verdict on one file.
   *
   * @param kind what it was validated as (null when it could not be determined)
   * @param identityHash the campaign identity hash of a valid campaign, else null
   */
  public record Verdict(Path file, DocumentKind kind, List<ValidationIssue> issues,
      String identityHash, List<ValidationIssue> warnings) {
    public Verdict(Path file, DocumentKind kind, List<ValidationIssue> issues,
        String identityHash) {
      this(file, kind, issues, identityHash, List.of());
    }

    public boolean valid() {
      return kind != null && issues.isEmpty();
    }
  }

  /** Validates {@code file} as {@code requested}, or as the kind it looks like when null. */
  public static Verdict validate(Path file, DocumentKind requested) {
    boolean yaml = file.toString().endsWith(".yaml") || file.toString().endsWith(".yml");
    if (requested == DocumentKind.CAMPAIGN || (requested == null && yaml)) {
      CampaignCheck check = CampaignLoader.check(file);
      return new Verdict(file, DocumentKind.CAMPAIGN, check.issues(),
          check.valid() ? IdentityHash.of(check.raw()) : null, check.warnings());
    }
    JsonNode doc;
    try {
      if (Files.isDirectory(file)) {
        return failure(file, requested, "is a directory, not a file");
      }
      doc = Json.parse(Files.readString(file));
    } catch (IOException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst()
          .orElse("");
      return failure(file, requested, Files.exists(file) ? "is not valid JSON: " + message
          : "does not exist");
    }
    DocumentKind kind = requested != null ? requested : DocumentKind.infer(doc).orElse(null);
    if (kind == null) {
      return failure(file, null, "cannot tell what kind of document this is");
    }
    return new Verdict(file, kind, issues(kind, doc), null);
  }

  private static List<ValidationIssue> issues(DocumentKind kind, JsonNode doc) {
    return switch (kind) {
      case STATE -> StateValidator.validate(doc);
      case HANDOFF -> SchemaValidator.validate(SchemaKind.HANDOFF, doc);
      case PREFLIGHT -> preflight(doc);
      case WORKER_RESULT -> {
        Optional<SchemaKind> schema = DocumentKind.workerSchema(doc);
        yield schema.isPresent() ? SchemaValidator.validate(schema.get(), doc)
            : List.of(new ValidationIssue("", "not a recognisable worker result", null,
                "a worker result has proposal_candidates, winning_proposal, improved or"
                    + " operation"));
      }
      case CAMPAIGN -> throw new IllegalStateException("campaigns are handled above");
    };
  }

  private static List<ValidationIssue> preflight(JsonNode doc) {
    List<ValidationIssue> issues = new ArrayList<>(
        SchemaValidator.validate(SchemaKind.PREFLIGHT, doc));
    JsonNode summary = doc.path("checks_summary");
    if (issues.isEmpty() && summary.isObject()) {
      int parts = summary.path("passed").asInt() + summary.path("failed").asInt()
          + summary.path("bootstrapped").asInt() + summary.path("warnings").asInt();
      if (parts != summary.path("total").asInt()) {
        issues.add(new ValidationIssue("/checks_summary",
            "passed + failed + bootstrapped + warnings must equal total", summary.toString(),
            "re-run 'metaopt preflight' to regenerate the artifact"));
      }
    }
    return issues;
  }

  private static Verdict failure(Path file, DocumentKind kind, String problem) {
    return new Verdict(file, kind, List.of(new ValidationIssue("", file + " " + problem, null,
        kind == null ? "pass --kind campaign|state|handoff|preflight|worker-result" : "")), null);
  }

  /** The {@code --json} form of a verdict. */
  public static ObjectNode toJson(Verdict verdict) {
    ObjectNode json = Json.object();
    json.put("file", verdict.file().toString());
    json.put("kind", verdict.kind() == null ? null : cliName(verdict.kind()));
    json.put("valid", verdict.valid());
    var issues = json.putArray("issues");
    for (ValidationIssue issue : verdict.issues()) {
      ObjectNode entry = issues.addObject();
      entry.put("path", issue.path());
      entry.put("rule", issue.rule());
      entry.put("value", issue.value());
      entry.put("hint", issue.hint());
    }
    var warnings = json.putArray("warnings");
    for (ValidationIssue warning : verdict.warnings()) {
      ObjectNode entry = warnings.addObject();
      entry.put("path", warning.path());
      entry.put("rule", warning.rule());
      entry.put("value", warning.value());
      entry.put("hint", warning.hint());
    }
    if (verdict.identityHash() != null) {
      json.put("identity_hash", verdict.identityHash());
    }
    return json;
  }

  /** The kind as spelled on the command line. */
  public static String cliName(DocumentKind kind) {
    return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
