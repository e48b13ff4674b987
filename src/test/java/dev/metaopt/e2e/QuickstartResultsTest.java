package dev.metaopt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.json.Json;
import dev.metaopt.testing.CliRun;
import dev.metaopt.testing.Python;
import dev.metaopt.worker.ProcessResult;
import dev.metaopt.worker.ProcessRunner;
import dev.metaopt.worker.ProcessSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person looks at after the quickstart, checked the way they would: the trial CSV in
 * Python's csv module, the printed best command run in a shell, and the HTML report opened in
 * headless Chromium. The quickstart runs once for all three (and {@link QuickstartTest}).
 */
@Tag("e2e")
@ExtendWith(FinishedQuickstart.class)
class QuickstartResultsTest {
  /** Set (to a directory) to also write the report screenshots there, e.g. {@code docs}. */
  static final String SCREENSHOTS = "metaopt.screenshots";

  @TempDir static Path root;
  static Path project;

  @BeforeAll
  static void theQuickstartHasRun(FinishedQuickstart.Run quickstart) {
    project = quickstart.project();
  }

  @Test
  void trialsCsvLoadsInPythonsCsvModuleWithOneRowPerTrialRecordedInTheSweeps() throws Exception {
    // given
    CliRun csv = FakeProject.cli("trials", "-C", project.toString(), "--csv");
    assertThat(csv.code()).as(csv.err()).isZero();
    Path file = root.resolve("trials.csv");
    Files.writeString(file, csv.out());
    int recorded = 0;
    try (var sweeps = Files.list(project.resolve(".ml-metaopt/local-sweeps"))) {
      for (Path sweep : sweeps.toList()) {
        recorded += Json.parse(Files.readString(sweep.resolve("sweep.json"))).path("trials")
            .size();
      }
    }

    // when: Python reads it as any user's script would
    ProcessResult python = ProcessRunner.run(new ProcessSpec(List.of(
        Python.executable().toString(), "-c",
        "import csv, sys\n"
            + "rows = list(csv.DictReader(open(sys.argv[1], newline='')))\n"
            + "done = [r for r in rows if r['state'] == 'finished']\n"
            + "print(len(rows), len(done), max(float(r['objective']) for r in done),"
            + " sorted({r['iteration'] for r in rows}))\n", file.toString()),
        root, Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")), "", null,
        Duration.ofMinutes(1)));

    // then
    assertThat(python.exitCode()).isZero();
    String[] out = python.stdout().strip().split(" ", 4);
    assertThat(Integer.parseInt(out[0])).isEqualTo(recorded).isGreaterThan(0);
    JsonNode state = FakeProject.readJson(project.resolve(".ml-metaopt/state.json"));
    assertThat(Double.parseDouble(out[2])).isEqualTo(state.path("baseline").path("value")
        .asDouble());
    assertThat(out[3]).contains("'1'", "'2'");
  }

  @Test
  void bestPrintsACommandThatReproducesTheBestValueExactly() throws Exception {
    // given: the line `metaopt best` prints under "reproduce"
    CliRun best = FakeProject.cli("best", "-C", project.toString());
    assertThat(best.code()).as(best.err()).isZero();
    List<String> lines = best.out().lines().toList();
    String command = lines.get(lines.indexOf(lines.stream()
        .filter(l -> l.startsWith("reproduce")).findFirst().orElseThrow()) + 1).strip();
    Matcher value = Pattern.compile("^best val/accuracy (\\S+)").matcher(lines.get(0));
    assertThat(value.find()).isTrue();

    // when: pasted into a shell
    ProcessResult rerun = ProcessRunner.run(new ProcessSpec(List.of("/bin/sh", "-c", command),
        root, Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
            "HOME", root.toString()), "", root.resolve("rerun.stderr"), Duration.ofMinutes(3)));

    // then: the last logged val/accuracy is exactly the campaign's best
    assertThat(rerun.exitCode()).as(rerun.stdout()).isZero();
    List<String> logged = rerun.stdout().lines().filter(l -> l.startsWith("{")).toList();
    double reproduced = Json.parse(logged.get(logged.size() - 1)).path("val/accuracy")
        .asDouble();
    JsonNode state = FakeProject.readJson(project.resolve(".ml-metaopt/state.json"));
    assertThat(reproduced).isEqualTo(state.path("baseline").path("value").asDouble());
  }

  @Test
  void htmlReportsRenderEveryChartInHeadlessChromiumWithoutConsoleErrors() throws Exception {
    // given
    Optional<Chromium> chromium = Chromium.find(root);
    if (chromium.isEmpty()) {
      // CI installs chromium (.ci/run): there, a missing browser is a failure, not a skip
      assertThat(System.getenv("CI")).as("chromium is missing in CI").isNull();
      Assumptions.abort("chromium is not installed (apt-get install chromium); skipping the"
          + " browser check of the HTML report");
    }
    Path metaopt = project.resolve(".ml-metaopt");
    for (Path html : List.of(metaopt.resolve("final_report.html"),
        metaopt.resolve("reports/iteration-1.html"))) {
      // when
      Chromium.Page page = chromium.get().dumpDom(html);

      // then
      assertThat(page.log().lines().filter(l -> l.contains(":CONSOLE")).toList())
          .as("console messages of %s", html).isEmpty();
      assertThat(page.dom()).as("%s loaded", html).contains("<main>");
      assertThat(page.dom()).doesNotContain("data-error=");
      List<String> charts = charts(page.dom());
      assertThat(charts).as("charts in %s", html).hasSizeGreaterThanOrEqualTo(4);
      Matcher rendered = Pattern.compile("data-rendered=\"(\\d+)\"").matcher(page.dom());
      assertThat(rendered.find()).as("%s marked itself rendered", html).isTrue();
      assertThat(Integer.parseInt(rendered.group(1))).isEqualTo(charts.size());
      for (String chart : charts) {
        assertThat(chart).as("chart %s has a drawn SVG", chart.substring(0, 30))
            .contains("<svg").containsPattern("<path[^>]+d=\"M");
      }
    }
    screenshots(chromium.get(), metaopt);
  }

  /** Each chart container's markup, from its id to the next chart. */
  private static List<String> charts(String dom) {
    String[] parts = dom.split("id=\"chart-");
    return java.util.Arrays.stream(parts).skip(1)
        .map(p -> p.contains("</main>") ? p.substring(0, p.indexOf("</main>")) : p).toList();
  }

  private static void screenshots(Chromium chromium, Path metaopt) throws Exception {
    Path target = Path.of(System.getProperty(SCREENSHOTS, "target/report-screenshots"));
    Files.createDirectories(target);
    chromium.screenshot(metaopt.resolve("final_report.html"),
        target.resolve("final-report.png"), 1280, 3000);
    assertThat(Files.size(target.resolve("final-report.png"))).isGreaterThan(10_000);
  }
}
