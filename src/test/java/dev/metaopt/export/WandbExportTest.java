package dev.metaopt.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.FinishedCampaign;
import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.cli.Main;
import dev.metaopt.json.Json;
import dev.metaopt.testing.PastedLine;
import dev.metaopt.testing.Python;
import dev.metaopt.worker.ProcessResult;
import dev.metaopt.worker.ProcessRunner;
import dev.metaopt.worker.ProcessSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code metaopt export --wandb}: every local trial becomes an offline run directory whose
 * {@code .wandb} log an independent reader (Python, following wandb's datastore.py) parses back
 * record by record.
 */
class WandbExportTest {
  static final Path READER = Path.of("src/test/resources/wandb/read_wandb_log.py")
      .toAbsolutePath();
  static final String RUN = "local-979e1eb96f17-t002";

  @TempDir Path project;
  Path out;

  @BeforeEach
  void copyExampleWithOneTrialsLogs() throws IOException {
    FinishedCampaign.copyTo(project);
    // the best trial's stdout, as Train.java logs it, plus one line far larger than a 32 KiB
    // block so the record is split FIRST / MIDDLE / LAST
    Path trial = Files.createDirectories(project.resolve(
        ".ml-metaopt/local-sweeps/local-979e1eb96f17/trials/" + RUN));
    Files.writeString(trial.resolve("stdout.log"), """
        {"epoch": 1, "_step": 1, "val/loss": 0.9, "val/accuracy": 0.5}
        compiling...
        {"epoch": 2, "_step": 2, "val/loss": 0.4, "val/accuracy": 0.8, "note": "%s"}
        {"epoch": 3, "_step": 3, "val/loss": 0.211197, "val/accuracy": 0.945}
        """.formatted("x".repeat(70_000)));
    out = project.resolve("wandb");
  }

  static String[] run(String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = Main.run(new PrintWriter(o), new PrintWriter(e), args);
    return new String[] {Integer.toString(code), o.toString(), e.toString()};
  }

  @Test
  void everyTrialBecomesAnOfflineRunThatAnIndependentReaderParses() throws Exception {
    // when
    String[] result = run("export", "-C", project.toString(), "--wandb", out.toString(),
        "--entity", "me", "--project", "spirals");

    // then: one offline-run directory per trial, laid out as wandb lays them out
    assertThat(result[0]).as(result[2]).isEqualTo("0");
    assertThat(result[2]).contains("exported 18 run(s)", "wandb sync " + out);
    List<Path> dirs;
    try (Stream<Path> list = Files.list(out)) {
      dirs = list.sorted().toList();
    }
    assertThat(dirs).hasSize(18).allMatch(d -> d.getFileName().toString()
        .matches("offline-run-\\d{8}_\\d{6}-local-[0-9a-f]{12}-t\\d{3}"));
    Path dir = dirs.stream().filter(d -> d.toString().endsWith(RUN)).findFirst().orElseThrow();
    assertThat(dir.resolve("files/config.yaml")).content().contains("\"lr\":\n  value: 0.0627");
    assertThat(Json.parse(Files.readString(dir.resolve("files/wandb-summary.json")))
        .path("val/accuracy").asDouble()).isEqualTo(0.945);

    // and the transaction log reads back record by record
    JsonNode records = read(dir.resolve("run-" + RUN + ".wandb"));
    assertThat(records).extracting(r -> r.path("type").asText()).containsExactly("header",
        "run", "history", "history", "history", "summary", "exit");
    assertThat(records).extracting(r -> r.path("num").asInt())
        .containsExactly(1, 2, 3, 4, 5, 6, 7);
    JsonNode runRecord = records.get(1);
    assertThat(runRecord.path("run_id").asText()).isEqualTo(RUN);
    assertThat(runRecord.path("entity").asText()).isEqualTo("me");
    assertThat(runRecord.path("project").asText()).isEqualTo("spirals");
    assertThat(runRecord.path("group").asText()).isEqualTo("local-979e1eb96f17");
    assertThat(runRecord.path("config").path("lr").asDouble()).isEqualTo(0.0627210715625916);
    assertThat(runRecord.path("tags").toString()).contains("iteration-3");
    assertThat(records.get(2).path("step").asInt()).isZero();
    assertThat(records.get(3).path("items").path("note").asText()).hasSize(70_000);
    assertThat(records.get(4).path("items").path("val/accuracy").asDouble()).isEqualTo(0.945);
    assertThat(records.get(4).path("items").path("_step").asInt()).isEqualTo(2);
    assertThat(records.get(5).path("update").path("val/accuracy").asDouble()).isEqualTo(0.945);
    assertThat(records.get(6).path("exit_code").asInt()).isZero();
  }

  @Test
  void nanAndInfinityAreExportedAsNumbersAsWandbWritesThem() throws Exception {
    // given: the trial logged a NaN loss, then an infinite one
    Files.writeString(project.resolve(".ml-metaopt/local-sweeps/local-979e1eb96f17/trials/"
        + RUN + "/stdout.log"), """
        {"_step": 1, "val/loss": NaN, "val/accuracy": 0.5}
        {"_step": 2, "val/loss": -Infinity, "val/accuracy": 0.6}
        """);

    // when
    String[] result = run("export", "-C", project.toString(), "--wandb", out.toString());

    // then: Python's json reads the values back as floats, not as the text "NaN"
    assertThat(result[0]).as(result[2]).isEqualTo("0");
    Path log;
    try (Stream<Path> files = Files.walk(out)) {
      log = files.filter(f -> f.toString().endsWith(RUN + ".wandb")).findFirst().orElseThrow();
    }
    JsonNode records = read(log);
    assertThat(records.get(2).path("items").path("val/loss").isNumber()).isTrue();
    assertThat(records.get(2).path("items").path("val/loss").asDouble()).isNaN();
    assertThat(records.get(3).path("items").path("val/loss").asDouble())
        .isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(records.get(4).path("update").path("val/loss").asDouble())
        .isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(log.resolveSibling("files/wandb-summary.json")).content()
        .contains("\"val/loss\":-Infinity");
  }

  @Test
  void theUploadCommandItPrintsWorksPastedIntoAShell() throws Exception {
    // given: an export directory whose path holds a space and both quotes
    Path odd = project.resolve("w&b \"o'neil\" runs");

    // when
    String[] result = run("export", "-C", project.toString(), "--wandb", odd.toString());
    String line = result[2].substring(result[2].indexOf("upload them with: ")
        + "upload them with: ".length()).strip();

    // then
    assertThat(result[0]).as(result[2]).isEqualTo("0");
    assertThat(PastedLine.run(line, project, project, "wandb"))
        .containsExactly("[wandb][sync][" + odd + "]");
  }

  @Test
  void aSecondExportLeavesRunsAlreadyThereAsTheyWere() throws Exception {
    // given
    run("export", "-C", project.toString(), "--wandb", out.toString());
    Path log;
    try (Stream<Path> files = Files.walk(out)) {
      log = files.filter(f -> f.toString().endsWith(RUN + ".wandb")).findFirst().orElseThrow();
    }
    byte[] before = Files.readAllBytes(log);

    // when
    String[] again = run("export", "-C", project.toString(), "--wandb", out.toString());

    // then
    assertThat(again[0]).isEqualTo("0");
    assertThat(again[2]).contains("exported 0 run(s)", "18 already there");
    assertThat(Files.readAllBytes(log)).isEqualTo(before);
  }

  private static JsonNode read(Path file) throws Exception {
    ProcessResult python = ProcessRunner.run(new ProcessSpec(List.of(
        Python.executable().toString(),
        READER.toString(), file.toString()), file.getParent(),
        Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")), "",
        file.getParent().resolve("reader.stderr"), Duration.ofMinutes(1)));
    assertThat(python.exitCode()).as(Files.readString(file.getParent()
        .resolve("reader.stderr"))).isZero();
    return Json.parse(python.stdout());
  }
}
