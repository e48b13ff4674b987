package dev.metaopt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.metaopt.ExitCode;
import dev.metaopt.FinishedCampaign;
import dev.metaopt.json.Json;
import dev.metaopt.testing.CliRun;
import dev.metaopt.testing.PastedLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code metaopt trials} and {@code metaopt best} on the campaign directory a finished quickstart
 * left behind ({@link FinishedCampaign}, copied, so nothing in the repository changes).
 */
class ResultsCommandsTest {
  @TempDir Path project;

  static CliRun cli(String... args) {
    return CliRun.of(args);
  }

  @BeforeEach
  void copyExample() throws IOException {
    FinishedCampaign.copyTo(project);
  }

  @Test
  void csvHasOneRowPerTrialOfEverySweepWithFullPrecisionValues() throws Exception {
    // when
    CliRun run = cli("trials", "-C", project.toString(), "--csv");

    // then
    assertThat(run.code()).as(run.err()).isZero();
    List<List<String>> rows = csv(run.out());
    List<String> header = rows.get(0);
    assertThat(header).startsWith("iteration", "sweep_id", "run_id", "state", "objective")
        .contains("param.lr", "param.activation", "duration_seconds", "reason");
    assertThat(rows).hasSize(1 + trialsInSweepFiles());
    List<String> best = rows.stream().filter(r -> r.get(2).equals("local-979e1eb96f17-t002"))
        .findFirst().orElseThrow();
    assertThat(best.get(0)).isEqualTo("3");
    assertThat(best.get(header.indexOf("objective"))).isEqualTo("0.945");
    assertThat(best.get(header.indexOf("param.lr"))).isEqualTo("0.0627210715625916");
  }

  @Test
  void iterationSelectsOneSweepAndTextRoundsNumbers() {
    // when
    CliRun text = cli("trials", "-C", project.toString(), "--iteration", "2");

    // then
    assertThat(text.code()).isZero();
    List<String> lines = text.out().lines().toList();
    assertThat(lines).hasSize(7); // header + 6 trials
    assertThat(lines.subList(1, 7)).allMatch(l -> l.startsWith("2 "));
    assertThat(text.out()).contains("0.9317").doesNotContain("0.931667");
  }

  @Test
  void jsonCarriesConfigMetricsAndIteration() throws Exception {
    // given: the campaign file named instead of its directory
    Path campaign = Files.copy(Path.of("examples/quickstart/ml_metaopt_campaign.yaml"),
        project.resolve("ml_metaopt_campaign.yaml"));

    // when
    CliRun run = cli("trials", campaign.toString(), "--json");

    // then
    assertThat(run.code()).as(run.err()).isZero();
    JsonNode doc = Json.parse(run.out());
    assertThat(doc.path("objective").path("direction").asText()).isEqualTo("maximize");
    assertThat(doc.path("trials")).hasSize(18);
    JsonNode first = doc.path("trials").get(0);
    assertThat(first.path("iteration").asInt()).isEqualTo(1);
    assertThat(first.path("config").path("weight_decay").asDouble())
        .isEqualTo(2.5992876876299894E-6);
    assertThat(first.path("metrics").path("val/accuracy").asDouble()).isEqualTo(0.758333);
  }

  @Test
  void bestPrintsValueConfigurationAndTheExactCommand() {
    // when
    CliRun run = cli("best", "-C", project.toString());

    // then
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("best val/accuracy 0.945 (maximize) — iteration 3,"
        + " run local-979e1eb96f17-t002", "lr            0.06272");
    // the recorded working directory is gone, so the command runs in the project directory
    assertThat(run.out()).contains("cd " + project.toAbsolutePath().normalize()
        + " && env WANDB_MODE=offline java Train.java --activation=relu --batch_size=16"
        + " --hidden=16 --layers=2 --lr=0.0627210715625916 --momentum=0.3434443908915659"
        + " --weight_decay=0.004350167665620231");
  }

  @Test
  void bestRunsTheCampaignsSetupCommandFirstInTheLineItPrints() throws Exception {
    // given: the campaign ran with a setup that builds the trainer (as the quickstart's does)
    Path load = project.resolve(".ml-metaopt/handoffs/metaopt-load-campaign-LOAD_CAMPAIGN.json");
    ObjectNode handoff = (ObjectNode) Json.parse(Files.readString(load));
    ((ObjectNode) handoff.path("project")).put("setup_command", "javac -d build Train.java");
    Files.writeString(load, Json.pretty(handoff));

    // when
    CliRun run = cli("best", "-C", project.toString());
    String line = run.out().lines().dropWhile(l -> !l.startsWith("reproduce")).skip(1)
        .findFirst().orElseThrow().strip();
    JsonNode json = Json.parse(cli("best", "-C", project.toString(), "--json").out());

    // then: the setup runs in the project directory before the trainer, as in a sweep
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(line).startsWith("cd " + project.toAbsolutePath().normalize()
        + " && /bin/sh -c 'javac -d build Train.java' && env WANDB_MODE=offline java Train.java");
    assertThat(PastedLine.run(line, project, project, "javac", "java"))
        .containsExactly("[javac][-d][build][Train.java]", "[java][Train.java]"
            + "[--activation=relu][--batch_size=16][--hidden=16][--layers=2]"
            + "[--lr=0.0627210715625916][--momentum=0.3434443908915659]"
            + "[--weight_decay=0.004350167665620231]");
    assertThat(json.path("command").path("setup_command").asText())
        .isEqualTo("javac -d build Train.java");
    assertThat(json.path("command").path("shell").asText()).isEqualTo(line);
  }

  @Test
  void bestJsonGivesArgvEnvironmentAndDirectory() throws Exception {
    // when
    JsonNode best = Json.parse(cli("best", "-C", project.toString(), "--json").out());

    // then
    assertThat(best.path("value").asDouble()).isEqualTo(0.945);
    assertThat(best.path("command").path("argv").get(0).asText()).isEqualTo("java");
    assertThat(best.path("command").path("env").path("WANDB_MODE").asText())
        .isEqualTo("offline");
    assertThat(best.path("config").path("lr").asDouble()).isEqualTo(0.0627210715625916);
  }

  @Test
  void noStateIsAnInputErrorThatPointsToMinusC(@TempDir Path elsewhere) {
    // when: a directory with no campaign in it or above it
    CliRun run = cli("trials", "-C", elsewhere.toString());

    // then
    assertThat(run.code()).isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(run.err()).contains("no campaign state in", "-C DIR");
  }

  @Test
  void aDirectoryThatDoesNotExistIsNamed() {
    // when
    CliRun run = cli("trials", "-C", project.resolve("elsewhere").toString());

    // then
    assertThat(run.code()).isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(run.err()).contains("elsewhere does not exist");
  }

  @Test
  void anUnreadableSweepRecordIsNamedAndLeftAsItIs() throws Exception {
    // given
    Path sweep = project.resolve(".ml-metaopt/local-sweeps/local-cb756e78d0ae/sweep.json");
    Files.writeString(sweep, "{ not json");

    // when
    CliRun run = cli("trials", "-C", project.toString());

    // then
    assertThat(run.code()).isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(run.err()).contains(sweep.toAbsolutePath().toString(), "left as it is");
    assertThat(Files.readString(sweep)).isEqualTo("{ not json");
  }

  @Test
  void minusCAndADifferentCampaignArgumentIsAUsageError() throws IOException {
    // given
    Path other = Files.createDirectories(project.resolve("other"));

    // when
    CliRun run = cli("trials", "-C", project.toString(), other.toString());

    // then
    assertThat(run.code()).isEqualTo(ExitCode.USAGE.code());
    assertThat(run.err()).contains("cannot use -C");
  }

  private int trialsInSweepFiles() throws IOException {
    int count = 0;
    try (Stream<Path> sweeps = Files.list(project.resolve(".ml-metaopt/local-sweeps"))) {
      for (Path sweep : sweeps.toList()) {
        count += Json.parse(Files.readString(sweep.resolve("sweep.json"))).path("trials").size();
      }
    }
    return count;
  }

  private static List<List<String>> csv(String text) throws IOException {
    CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
    try (MappingIterator<List<String>> it = mapper.readerForListOf(String.class).readValues(
        text)) {
      return it.readAll();
    }
  }
}
