package dev.metaopt.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.dispatch.WorkExecutor.Outcome;
import dev.metaopt.io.AtomicFiles;
import dev.metaopt.io.CrashPoints;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.json.Json;
import dev.metaopt.schema.SchemaKind;
import dev.metaopt.schema.SchemaValidator;
import dev.metaopt.schema.ValidationIssue;
import dev.metaopt.worker.Worker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one unit of work through a worker and writes its result file only once the answer is
 * exactly one JSON object that passes the lane's schema. Bad answers are kept beside the result
 * as {@code <result>.attempt-<n>.invalid.txt} and retried a bounded number of times. A valid
 * result already on disk is reused, so re-running a step after a crash never redoes work.
 */
public final class Dispatcher {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
  private static final int KEPT_OUTPUT_CHARS = 64 * 1024;

  private final ProjectLayout layout;

  public Dispatcher(ProjectLayout layout) {
    this.layout = layout;
  }

  /**
   * One unit of work.
   *
   * @param name a short name for logs (e.g. {@code bg-3})
   * @param task the task object sent on stdin (and rendered to {@code taskFile} when given)
   * @param taskFile contract path of the human-readable task, or null
   * @param resultFile contract path of the result
   * @param schema the schema the answer must satisfy
   * @param retries extra attempts after an invalid answer
   * @param timeout per attempt
   */
  public record Work(String name, ObjectNode task, String taskFile, String resultFile,
      SchemaKind schema, int retries, Duration timeout) {}

  public Outcome dispatch(Worker worker, Work work) {
    Path result = layout.resolveContractPath(work.resultFile());
    if (existingValid(result, work.schema())) {
      log.info("{}: reusing the valid result already in {}", work.name(), work.resultFile());
      return Outcome.ok();
    }
    String taskJson = Json.pretty(work.task());
    if (work.taskFile() != null) {
      AtomicFiles.writeString(layout.resolveContractPath(work.taskFile()),
          TaskMarkdown.render(work.task(), work.resultFile()));
    }
    Path stderrLog = layout.logsDir().resolve(work.name() + ".stderr.log");
    String problem = null;
    Path kept = null;
    for (int attempt = 1; attempt <= 1 + work.retries(); attempt++) {
      CrashPoints.reach("before dispatching " + work.name());
      Worker.Output output = worker.run(taskJson, stderrLog, work.timeout());
      CrashPoints.reach("after " + work.name() + " answered, before its result is written");
      problem = problem(output, work.schema(), work.timeout());
      if (problem == null) {
        AtomicFiles.writeString(result, Json.pretty(parseChecked(output.stdout())));
        return Outcome.ok();
      }
      kept = result.resolveSibling(result.getFileName() + ".attempt-" + attempt + ".invalid.txt");
      AtomicFiles.writeString(kept, "problem: " + problem + "\nworker: " + worker.describe()
          + "\n--- stdout ---\n" + truncate(output.stdout()));
      log.warn("{}: attempt {} rejected: {}", work.name(), attempt, problem);
    }
    return Outcome.failed(work.name() + ": worker '" + worker.describe() + "' gave no valid "
        + work.schema().stem() + " result in " + (1 + work.retries()) + " attempt(s): " + problem
        + " (output kept in " + layout.projectDir().relativize(kept) + ", stderr in "
        + layout.projectDir().relativize(stderrLog) + ")");
  }

  /** Why {@code output} is not an acceptable answer, or null when it is. */
  static String problem(Worker.Output output, SchemaKind schema, Duration timeout) {
    if (output.failure() != null) {
      return output.failure();
    }
    if (output.timedOut()) {
      return "timed out after " + timeout.toSeconds() + " s (process tree killed)";
    }
    if (output.exitCode() != 0) {
      return "exited with code " + output.exitCode();
    }
    JsonNode answer;
    try {
      answer = parse(output.stdout());
    } catch (IOException e) {
      String first = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
      return "stdout is not exactly one JSON object (" + first + ")";
    }
    if (!answer.isObject()) {
      return "stdout must be one JSON object, got " + answer.getNodeType();
    }
    List<ValidationIssue> issues = SchemaValidator.validate(schema, answer);
    return issues.isEmpty() ? null : "violates " + schema.stem() + ": "
        + String.join("; ", issues.stream().limit(3).map(ValidationIssue::format).toList());
  }

  private static JsonNode parse(String stdout) throws IOException {
    if (stdout.isBlank()) {
      throw new IOException("stdout is empty");
    }
    return Json.parse(stdout.strip());
  }

  /** Parses an answer {@link #problem} already accepted. */
  private static JsonNode parseChecked(String stdout) {
    try {
      return parse(stdout);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("accepted answer no longer parses", e);
    }
  }

  private static boolean existingValid(Path result, SchemaKind schema) {
    if (!Files.isRegularFile(result)) {
      return false;
    }
    try {
      JsonNode existing = Json.parse(Files.readString(result, StandardCharsets.UTF_8));
      return existing.isObject() && SchemaValidator.validate(schema, existing).isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  private static String truncate(String text) {
    return text.length() <= KEPT_OUTPUT_CHARS ? text
        : text.substring(0, KEPT_OUTPUT_CHARS) + "\n[... truncated]";
  }
}
