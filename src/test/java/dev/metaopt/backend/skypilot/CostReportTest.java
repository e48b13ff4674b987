package dev.metaopt.backend.skypilot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code sky cost-report} as SkyPilot renders it (status_utils.py show_cost_report_table, a
 * borderless prettytable): columns are read by header, "-" is zero, and each cluster is charged at
 * least hours up × hourly price.
 */
class CostReportTest {
  private static final String ALL = """
      Clusters (last 30 days)
      NAME      LAUNCHED  DURATION  RESOURCES             STATUS      COST/hr  COST (est.)\s\s
      dev-e     1 hr ago  1h        1x aws(gpus=)         UP          $ 1.20   $ 1.20\s\s
      mo-aaa-2  1 hr ago  1h 30m    1x vast(gpus=A100:1)  UP          $ 1.20   $ 1.80\s\s
      mo-aaa-1  1 hr ago  1h        1x vast(gpus=A100:1)  TERMINATED  $ 1.20   $ 1.20\s\s

      Total Cost: $4.20
      This feature is experimental. Costs for clusters with auto{stop,down} scheduled may not be\
       accurate.
      """;

  @Test
  void theSweepsClustersAreSummedByTheirEstimatedCostColumn() {
    // when
    double spend = CostReport.spend(CostReport.parse(ALL), List.of("mo-aaa-1", "mo-aaa-2"), 0);

    // then
    assertThat(spend).isCloseTo(3.00, within(1e-9));
  }

  @Test
  void aDashIsZeroNotTheHourlyPrice() {
    // given: SkyPilot prints "-" for an estimated cost of 0 (_get_estimated_cost_for_cost_report)
    String report = """
        NAME      LAUNCHED    DURATION  RESOURCES             STATUS  COST/hr  COST (est.)\s\s
        mo-aaa-1  a few secs  -         1x vast(gpus=A100:1)  INIT    $ 1.20   -\s\s
        """;

    // when
    double spend = CostReport.spend(CostReport.parse(report), List.of("mo-aaa-1"), 0);

    // then
    assertThat(spend).isZero();
  }

  @Test
  void hoursUpTimesThePriceIsAFloorWhenTheProviderReportsNoPrice() {
    // given: Kubernetes prices nothing without a pricing config; the campaign says $2/h
    String report = """
        NAME      LAUNCHED  DURATION     RESOURCES           STATUS  COST/hr  COST (est.)\s\s
        mo-bbb-1  1 hr ago  2h 30m       1x kubernetes(...)  UP      $ 0.00   -\s\s
        mo-bbb-2  1 hr ago  1d 1h 30m    1x kubernetes(...)  UP      $ 0.00   -\s\s
        """;

    // when
    Map<String, CostReport.Row> rows = CostReport.parse(report);

    // then
    assertThat(CostReport.spend(rows, List.of("mo-bbb-1"), 2.0)).isCloseTo(5.0, within(1e-9));
    assertThat(rows.get("mo-bbb-2").hours()).isCloseTo(25.5, within(1e-9));
  }

  @Test
  void ansiStylesAndForeignClustersDoNotDisturbTheColumns() {
    // given
    String report = "\u001B[36m\u001B[1mClusters\u001B[0m\n"
        + "NAME      LAUNCHED  DURATION  RESOURCES  STATUS  COST/hr  COST (est.)  \n"
        + "mo-ccc-1  1 hr ago  1h        1x aws     \u001B[32mUP\u001B[0m      $ 3.00   $ 3.00  \n";

    // when
    Map<String, CostReport.Row> rows = CostReport.parse(report);

    // then
    assertThat(rows).containsOnlyKeys("mo-ccc-1");
    assertThat(rows.get("mo-ccc-1").cost()).isEqualTo(3.00);
    assertThat(rows.get("mo-ccc-1").perHour()).isEqualTo(3.00);
  }

  @Test
  void durationsInPendulumsShortWordsBecomeHours() {
    assertThat(CostReport.hours("1h 2m 24s")).isCloseTo(1.04, within(1e-9));
    assertThat(CostReport.hours("2w 1d")).isCloseTo(360, within(1e-9));
    assertThat(CostReport.hours("1mo")).isCloseTo(720, within(1e-9));
    assertThat(CostReport.hours("-")).isZero();
  }
}
