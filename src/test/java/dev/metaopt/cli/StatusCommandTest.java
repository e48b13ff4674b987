package dev.metaopt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.FinishedCampaign;
import dev.metaopt.testing.CliRun;
import java.nio.file.Path;
import java.util.Locale;
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
  void centsArePrintedAsPercentPoint2fPrintsThem() {
    double[] amounts = {0, 0.005, 0.015, 0.125, 1.005, 2.675, 0.994999, 0.995, 12.3456, 1e7 + 0.555,
        123456789.125, 1e-9, -0.015, -3.14159, -0.001, -0.0, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.MAX_VALUE, Double.MIN_VALUE};
    for (double amount : amounts) {
      assertThat(StatusCommand.cents(amount)).as("%s", amount)
          .isEqualTo(String.format(Locale.ROOT, "%.2f", amount));
    }
  }
}
