package dev.metaopt.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.FinishedCampaign;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.json.Json;
import dev.metaopt.state.StateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Markdown reports of the recorded quickstart campaign, regenerated from its files. */
class MarkdownReportTest {
  @TempDir Path project;
  private ProjectLayout layout;
  private ObjectNode state;

  @BeforeEach
  void copyExample() throws IOException {
    FinishedCampaign.copyTo(project);
    layout = new ProjectLayout(project);
    state = new StateStore(layout).read().orElseThrow();
  }

  @Test
  void learningsSitUnderTheIterationThatProducedThem() throws Exception {
    // when
    String md = Files.readString(Reports.writeFinalReport(layout, state));

    // then: iteration 2's analysis learnings appear only in iteration 2's section
    String second = section(md, "### Iteration 2", "### Iteration 3");
    assertThat(second).contains("What iteration 2 showed:", "weight_decay");
    assertThat(section(md, "### Iteration 1", "### Iteration 2"))
        .doesNotContain("weight_decay had the strongest");
    assertThat(second).contains("Why this space (ideation): narrow hidden to [8,16,32]",
        "Why it was chosen (selection): quickstart-spirals-p3: 1.67",
        "Search space: activation {relu, tanh}", "lr [0.1211, 0.5] log");
  }

  @Test
  void directionIsSpelledOutAndNumbersAreRounded() throws Exception {
    // when
    String md = Files.readString(Reports.writeFinalReport(layout, state));

    // then
    assertThat(md).contains("maximize val/accuracy (higher is better)",
        "Best val/accuracy: 0.9317 — improved on the best so far", "| lr | 0.06272 |");
    assertThat(section(md, "## Iterations", "## Which")).doesNotContain("0.931667");
    // full precision only where it must be exact: the command that reruns the best
    assertThat(section(md, "```sh", "```\n\n## Iterations")).contains("--lr=0.0627210715625916");
  }

  @Test
  void everyTrialIsListedAndImportanceIsRanked() throws Exception {
    // when
    String md = Files.readString(Reports.writeFinalReport(layout, state));

    // then
    String trials = section(md, "## All trials", "## What next");
    assertThat(trials.lines().filter(l -> l.startsWith("| 1 ") || l.startsWith("| 2 ")
        || l.startsWith("| 3 "))).hasSize(18);
    assertThat(section(md, "## Which parameters mattered", "## All trials"))
        .contains("fANOVA on a random forest over 18 finished trials", "| lr |",
            "(interactions and noise)");
  }

  @Test
  void nextStepsAreWordsForPeopleNotMachineStates() throws Exception {
    // when
    String finalMd = Files.readString(Reports.writeFinalReport(layout, state));
    String iteration = Files.readString(Reports.writeIterationReport(layout, state, 2));

    // then
    for (String md : new String[] {finalMd, iteration}) {
      assertThat(md).doesNotContain("maintain background pool", "Next action:",
          "=== Iteration");
    }
    assertThat(finalMd).contains("`metaopt best` prints the exact command");
    assertThat(iteration).contains("# Iteration 2", "The campaign ended (COMPLETE)");
  }

  @Test
  void aBestValueOnABoundOfTheDeclaredSpaceIsPointedOutWithTheFieldToChange() throws Exception {
    // given: the recorded campaign's best lr, 0.06272, sits at no bound of [0.0005, 0.5]
    String before = Files.readString(Reports.writeFinalReport(layout, state));
    // and then a campaign whose declared lr ends there
    Path load = layout.handoffsDir().resolve("metaopt-load-campaign-LOAD_CAMPAIGN.json");
    ObjectNode handoff = (ObjectNode) Json.parse(Files.readString(load));
    ((ObjectNode) handoff.path("search_space").path("lr")).put("max", 0.0627210715625916);
    Files.writeString(load, Json.pretty(handoff));

    // when
    String after = Files.readString(Reports.writeFinalReport(layout, state));

    // then
    assertThat(before).doesNotContain("sits on a bound");
    assertThat(section(after, "## What next", "\n\n\n")).contains("The best run sits on a bound"
        + " of the declared search space, which metaopt never searches past",
        "- " + LR_AT_MAX.formatted(project.resolve("ml_metaopt_campaign.yaml")));
    // and the HTML twin says the same under its best run
    assertThat(Files.readString(Reports.finalHtml(layout))).contains("<li>"
        + LR_AT_MAX.formatted(project.resolve("ml_metaopt_campaign.yaml")) + "</li>");
  }

  private static final String LR_AT_MAX = "lr = 0.06272 is the max of search_space.lr ([0.0005,"
      + " 0.06272] log): better values may lie above it. If lr may go higher, raise"
      + " search_space.lr.max in %s.";

  @Test
  void configurationsRunMoreThanOnceShowTheNoiseAndAThresholdBelowItIsPointedOut()
      throws Exception {
    // given: the recorded campaign ran no configuration twice
    String before = Files.readString(Reports.writeFinalReport(layout, state));
    // and then its second trial had run the first one's configuration (0.7583, then 0.4733),
    // and its sixth the third one's (0.775, then 0.7567)
    Path sweep = project.resolve(".ml-metaopt/local-sweeps/local-270b3d3344d8/sweep.json");
    ObjectNode record = (ObjectNode) Json.parse(Files.readString(sweep));
    JsonNode trials = record.path("trials");
    ((ObjectNode) trials.get(1)).set("values", trials.get(0).path("values").deepCopy());
    ((ObjectNode) trials.get(5)).set("values", trials.get(2).path("values").deepCopy());
    Files.writeString(sweep, Json.pretty(record));

    // when
    String after = Files.readString(Reports.writeFinalReport(layout, state));

    // then: the better mean first (val/accuracy is maximized); sample sds 0.01296 and 0.2015,
    // their median against the campaign's threshold of 0.005
    assertThat(before).doesNotContain("## Repeated configurations", "This configuration ran");
    // neither is the campaign's best: no repeats are told under "Best run"
    assertThat(section(after, "## Best run", "## Iterations"))
        .doesNotContain("This configuration ran");
    String noise = section(after, "## Repeated configurations: the noise", "## All trials");
    String better = "| activation=relu, batch_size=32, hidden=16, layers=1, lr=0.2569,"
        + " momentum=0.4114, weight_decay=0.008423 | 2 | 0.7658 | 0.01296 | 0.7567 – 0.775 |";
    String worse = "| activation=relu, batch_size=32, hidden=16, layers=2, lr=0.1905,"
        + " momentum=0.915, weight_decay=2.599e-06 | 2 | 0.6158 | 0.2015 | 0.4733 – 0.7583 |";
    assertThat(noise).contains("2 configuration(s) ran more than once", better, worse,
        "Median sd: 0.1072. objective.improvement_threshold (0.005) is below it, so an"
            + " iteration can count as an improvement by luck; a threshold of about 0.1072"
            + " counts only what the noise cannot explain.");
    assertThat(noise.indexOf(better)).isLessThan(noise.indexOf(worse));
    assertThat(Files.readString(Reports.finalHtml(layout))).contains(
        "<h2>Repeated configurations: the noise</h2>", "<td class=\"num\">0.2015</td>",
        "<p>Median sd: 0.1072. objective.improvement_threshold (0.005) is below it");
  }

  @Test
  void whenTheBestConfigurationRanMoreThanOnceTheBestRunSaysWhatARerunShouldExpect()
      throws Exception {
    // given: the best run (0.945, the second of its sweep) and a run of its configuration, 0.69
    Path sweep = project.resolve(".ml-metaopt/local-sweeps/local-979e1eb96f17/sweep.json");
    ObjectNode record = (ObjectNode) Json.parse(Files.readString(sweep));
    ((ObjectNode) record.path("trials").get(2)).set("values",
        record.path("trials").get(1).path("values").deepCopy());
    Files.writeString(sweep, Json.pretty(record));

    // when
    String md = Files.readString(Reports.writeFinalReport(layout, state));

    // then
    assertThat(section(md, "## Best run", "## Iterations")).contains("| run | "
        + FinishedCampaign.BEST_RUN + " |", "This configuration ran 2 times: mean 0.8175, sd"
        + " 0.1803 (0.69 – 0.945); the best run is the best of those runs, so expect about the"
        + " mean when you rerun it.");
    assertThat(Files.readString(Reports.finalHtml(layout))).contains("<p>This configuration ran"
        + " 2 times: mean 0.8175");
  }

  @Test
  void theHtmlTwinIsOneSelfContainedFileWithEveryChartsPlaceholderAndData() throws Exception {
    // when
    Reports.writeFinalReport(layout, state);
    String html = Files.readString(Reports.finalHtml(layout));

    // then: nothing is fetched (no external script, stylesheet or image in the markup)
    String markup = html.replaceAll("(?s)(<script[^>]*>).*?</script>", "$1</script>");
    assertThat(markup).doesNotContainPattern("<script[^>]*\\bsrc=")
        .doesNotContain("<link", "<img", "@import", "<iframe");
    String echarts;
    try (var in = getClass().getClassLoader().getResourceAsStream(
        "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js")) {
      echarts = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    assertThat(html.contains(echarts)).as("the whole ECharts build is inlined").isTrue();
    assertThat(markup).contains("id=\"report-data\"", "id=\"chart-history\"",
        "id=\"chart-parallel\"", "id=\"chart-importance\"", "id=\"chart-space-0\"",
        "id=\"chart-spend\"", "@media print");
  }

  @Test
  void textFromWorkersIsEscapedInTheHtml() throws Exception {
    // given: an analysis worker (an LLM, say) answered with markup
    Path analysis = layout.workerResultsDir().resolve("sweep-analysis-iter-1.json");
    Files.writeString(analysis, "{\"learnings\": [\"<script>alert(1)</script> & more\"]}");

    // when
    Reports.writeFinalReport(layout, state);

    // then
    String html = Files.readString(Reports.finalHtml(layout));
    assertThat(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more")).isTrue();
    assertThat(html.contains("<script>alert(1)")).isFalse();
  }

  private static String section(String md, String from, String to) {
    int start = md.indexOf(from);
    int end = md.indexOf(to, start + from.length());
    assertThat(start).as("section %s", from).isNotNegative();
    return md.substring(start, end < 0 ? md.length() : end);
  }
}
