package dev.metaopt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bad-input corpus at the command line (docs/RELIABILITY.md): each case gets one clear
 * message, its documented exit code, no stack trace, and no file lost or overwritten.
 */
class BadInputCorpusTest {
  @TempDir Path dir;

  static void assertNoStackTrace(CliRun result) {
    assertThat(result.err()).doesNotContain("\tat ", "Exception in thread");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "wrong type|num_sweep_agents: 2|num_sweep_agents: four|compute.num_sweep_agents: must be an integer in [1, 16]",
      "out of range|max_budget_usd: 10|max_budget_usd: 1000|compute.max_budget_usd: must be a number in (0, 100]",
      "missing section|objective:|objectiv:|objective: missing required field: objective",
      "placeholder|repo: .|repo: YOUR_REPO|project.repo: contains a placeholder"})
  void anInvalidCampaignIsRefusedWithExit6(String name, String from, String to, String message)
      throws Exception {
    FakeProject project = FakeProject.create(dir, """
        stop_conditions:
          max_iterations: 1
          max_no_improve_iterations: 1
        """, "{}");
    String text = Files.readString(project.campaign);
    assertThat(text).contains(from);
    project.write("ml_metaopt_campaign.yaml", text.replace(from, to));

    CliRun run = project.run();

    assertThat(run.code()).isEqualTo(6);
    assertThat(run.err() + run.out()).contains(message);
    assertNoStackTrace(run);
    assertThat(project.layout.stateFile()).doesNotExist();
  }

  @Test
  void aCampaignPathThatIsADirectoryOrMissingIsRefusedWithExit6() {
    CliRun directory = FakeProject.cli("run", dir.toString());
    assertThat(directory.code()).isEqualTo(6);
    assertThat(directory.err() + directory.out()).contains("is a directory");
    CliRun missing = FakeProject.cli("run", dir.resolve("nope.yaml").toString());
    assertThat(missing.code()).isEqualTo(6);
    assertThat(missing.err()).contains("campaign file " + dir.resolve("nope.yaml")
        + " does not exist; check the path");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown command|frobnicate|Unmatched argument",
      "unknown option|status --colour|Unknown option",
      "missing campaign|run|Missing required parameter",
      "zero steps|run x.yaml --max-steps 0|--max-steps must be at least 1",
      "non-numeric steps|run x.yaml --max-steps many|Invalid value",
      "unknown kind|validate x.json --kind spreadsheet|Invalid value"})
  void badCommandLinesExitWith2(String name, String args, String message) {
    CliRun result = FakeProject.cli(args.split(" "));
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("error: ", message, "--help' for more information.");
    assertThat(result.err()).as("one error line and a pointer, not the whole usage")
        .doesNotContain("Usage:");
    assertNoStackTrace(result);
  }

  @Test
  void aFailedWriteUnderMetaoptExitsWith9AndLeavesTheStateIntact() throws Exception {
    // given: a campaign stopped after a few steps, then its handoffs directory replaced by a
    // file, so the next handoff cannot be written (what a read-only or full disk looks like)
    FakeProject project = FakeProject.create(dir, """
        stop_conditions:
          max_iterations: 1
          max_no_improve_iterations: 1
        """, "{}");
    project.run("--max-steps", "2");
    String before = Files.readString(project.layout.stateFile());
    try (var files = Files.list(project.layout.handoffsDir())) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    Files.delete(project.layout.handoffsDir());
    Files.writeString(project.layout.handoffsDir(), "not a directory");

    // when
    CliRun run = project.run();

    // then
    assertThat(run.code()).isEqualTo(9);
    assertThat(run.err()).contains("could not write", "handoffs",
        "the previous file, if any, is intact");
    assertNoStackTrace(run);
    assertThat(project.layout.stateFile()).hasContent(before);
  }
}
