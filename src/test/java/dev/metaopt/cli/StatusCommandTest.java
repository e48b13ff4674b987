package dev.metaopt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.FinishedCampaign;
import dev.metaopt.testing.CliRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code metaopt status} in its human form. */
class StatusCommandTest {
  @TempDir Path dir;

  @Test
  void aFinishedCampaignReadsAsBefore() throws Exception {
    // given
    Path project = FinishedCampaign.copyTo(dir);

    // when
    CliRun run = CliRun.of("status", "-C", project.toString());

    // then: the lines metaopt 3128ad2 printed for this campaign (with printf)
    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out().replace(project.toString(), "PROJECT")).isEqualTo(String.join("\n",
        "campaign   quickstart-spirals (PROJECT)",
        "status     COMPLETE",
        "iteration  3 of 3 (3 completed, 0 without improvement)",
        "objective  maximize val/accuracy",
        "best       0.945 (run " + FinishedCampaign.BEST_RUN + ", iteration 3)",
        "spend      0.00 USD of 1 USD budget",
        "next       campaign complete (max_iterations); read PROJECT/.ml-metaopt/final_report.md",
        ""));
  }

  @Test
  void itsHelpIsWhatTheAnnotatedCommandPrinted() {
    // when: the model is built in code since 3ec2ff3
    CliRun run = CliRun.of("status", "--help");

    // then: the help metaopt 3ec2ff3 printed from the annotations, byte for byte
    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out()).isEqualTo(String.join("\n",
        "Usage: metaopt status [-hqvV] [--json] [-C=DIR] [CAMPAIGN]",
        "Show state, iteration, baseline vs best, the live sweep's trials, spend and the",
        "next action;",
        "says when no metaopt process is running the campaign and how to resume it.",
        "      [CAMPAIGN]          The campaign file (or its project directory), instead",
        "                            of -C.",
        "  -C, --project-dir=DIR   Project directory holding .ml-metaopt/ (default:",
        "                            current directory).",
        "  -h, --help              Show this help message and exit.",
        "      --json              Print the status as one JSON document (errors too).",
        "  -q, --quiet             Log warnings and errors only; no live status line.",
        "  -v, --verbose           Log debug detail (every poll) and print stack traces",
        "                            on errors.",
        "  -V, --version           Print version information and exit.",
        ""));
  }
}
