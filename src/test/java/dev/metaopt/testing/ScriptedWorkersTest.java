package dev.metaopt.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.json.Json;
import dev.metaopt.protocol.Lane;
import dev.metaopt.worker.ProcessResult;
import dev.metaopt.worker.ProcessRunner;
import dev.metaopt.worker.ProcessSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The in-JVM scripted workers answer exactly as the fake worker script does: same scenario, same
 * task, same answer and the same {@code .fake-backend/} records, case by case.
 */
class ScriptedWorkersTest {
  static final Path SCRIPT =
      Path.of("src/test/resources/fake-workers/fake_worker.py").toAbsolutePath();
  static final String OBJECTIVE =
      "\"objective\": {\"metric\": \"val/accuracy\", \"direction\": \"maximize\"}";
  static final String POOL = "\"current_proposals\": [{\"proposal_id\": \"p2\", \"sweep_config\":"
      + " {\"method\": \"grid\"}}, {\"proposal_id\": \"p3\"}]";

  @TempDir Path dir;

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(Lane.IDEATION, "{}", "{\"name\": \"bg-4\", " + OBJECTIVE + "}"),
        Arguments.of(Lane.IDEATION, "{\"ideation\": {\"mode\": \"double\"}}",
            "{\"name\": \"bg-12\", " + OBJECTIVE + "}"),
        Arguments.of(Lane.IDEATION, "{\"ideation\": {\"mode\": \"flaky\"}}",
            "{\"name\": \"bg-3\", " + OBJECTIVE + "}"),
        Arguments.of(Lane.IDEATION, "{\"ideation\": {\"mode\": \"flaky\"}}",
            "{\"name\": \"bg-2\", " + OBJECTIVE + "}"),
        Arguments.of(Lane.IDEATION, "{\"ideation\": {\"mode\": \"invalid_schema\"}}",
            "{\"name\": \"bg-1\", " + OBJECTIVE + "}"),
        Arguments.of(Lane.IDEATION, "{\"ideation\": {\"mode\": \"wrong_metric\"}}",
            "{" + OBJECTIVE + "}"),
        Arguments.of(Lane.SELECTION, "{}", "{" + POOL + "}"),
        Arguments.of(Lane.SELECTION, "{\"selection\": {\"mode\": \"unknown_winner\"}}",
            "{" + POOL + "}"),
        Arguments.of(Lane.SELECTION, "{}", "{\"current_proposals\": []}"),
        Arguments.of(Lane.ANALYSIS, "{}", "{\"iteration\": 2, \"current_sweep\":"
            + " {\"best_metric_value\": 0.7, \"best_run_id\": \"r1\"}}"),
        Arguments.of(Lane.ANALYSIS, "{}", "{}"),
        Arguments.of(Lane.ANALYSIS, "{\"garbage\": [\"analysis\"]}", "{\"iteration\": 1}"),
        Arguments.of(Lane.EXECUTION, "{}", "{\"operation\": \"run_smoke_test\"}"),
        Arguments.of(Lane.EXECUTION, "{\"execution\": {\"smoke\": \"fail\"}}",
            "{\"operation\": \"run_smoke_test\"}"),
        Arguments.of(Lane.EXECUTION, "{}", "{\"operation\": \"launch_sweep\", \"proposal_id\":"
            + " \"p2\", \"iteration\": 3}"),
        Arguments.of(Lane.EXECUTION, "{\"execution\": {\"launch\": \"error\"}}",
            "{\"operation\": \"launch_sweep\"}"),
        Arguments.of(Lane.EXECUTION, "{\"execution\": {\"metrics\": [0.6, 0.7],"
            + " \"spend_per_poll\": 4.0, \"polls_before_complete\": 0}}",
            "{\"operation\": \"poll_sweep\", \"sweep_id\": \"s1\", \"iteration\": 3,"
            + " \"poll_number\": 2, \"spend_before_sweep_usd\": 7,"
            + " \"compute\": {\"max_budget_usd\": 10}}"),
        Arguments.of(Lane.EXECUTION, "{\"execution\": {\"final_status\": \"failed\","
            + " \"polls_before_complete\": 0}}",
            "{\"operation\": \"poll_sweep\", \"sweep_id\": \"s2\"}"),
        Arguments.of(Lane.EXECUTION, "{\"garbage\": [\"poll_sweep\"]}",
            "{\"operation\": \"poll_sweep\", \"sweep_id\": \"s3\"}"),
        Arguments.of(Lane.EXECUTION, "{}", "{\"operation\": \"stop_sweep\", \"sweep_id\":"
            + " \"s4\"}"));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cases")
  void answersAsTheFakeWorkerScriptDoes(Lane lane, String scenario, String task)
      throws Exception {
    // given: the same scenario and task in two project directories
    Path python = project("python", scenario);
    Path java = project("java", scenario);

    // when: the script answers in one, the scripted workers in the other
    ProcessResult script = ProcessRunner.run(new ProcessSpec(List.of(
        Python.executable().toString(), SCRIPT.toString(),
        python.resolve("scenario.json").toString(), lane.wireName()), python,
        Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")),
        withProject(task, python), null, Duration.ofMinutes(1)));
    String inJvm = new ScriptedWorkers(java.resolve("scenario.json"))
        .answer(lane, withProject(task, java));

    // then
    assertThat(script.exitCode()).isZero();
    assertThat(normalised(inJvm, java)).isEqualTo(normalised(script.stdout(), python));
    assertThat(backendRecords(java)).isEqualTo(backendRecords(python));
  }

  private Path project(String name, String scenario) throws IOException {
    Path project = Files.createDirectories(dir.resolve(name));
    Files.writeString(project.resolve("scenario.json"), scenario);
    return project;
  }

  private static String withProject(String task, Path project) throws IOException {
    return Json.compact(((com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(task))
        .put("project_dir", project.toString()));
  }

  /** The answer as a JSON tree (or as text when it is not JSON), project paths made equal. */
  private static Object normalised(String answer, Path project) {
    String text = answer.replace(project.toString(), "<project>");
    try {
      JsonNode tree = Json.parse(text);
      return tree;
    } catch (IOException notJson) {
      return text;
    }
  }

  /** Every file the fake backend wrote, as JSON lines. */
  private static Map<String, List<JsonNode>> backendRecords(Path project) throws IOException {
    Path backend = project.resolve(".fake-backend");
    if (!Files.isDirectory(backend)) {
      return Map.of();
    }
    Map<String, List<JsonNode>> records = new java.util.TreeMap<>();
    try (var files = Files.list(backend)) {
      for (Path file : files.toList()) {
        List<JsonNode> lines = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(file)) {
          lines.add(Json.parse(line));
        }
        records.put(file.getFileName().toString(), lines);
      }
    }
    return records;
  }
}
