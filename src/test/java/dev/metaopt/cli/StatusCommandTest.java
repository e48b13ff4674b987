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
}
