package dev.metaopt.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.io.ProjectLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Campaign-wide importance over the recorded quickstart campaign's 18 trials. */
class ParameterImportanceTest {
  @TempDir Path project;

  @Test
  void ranksEveryVaryingParameterOverAllIterationsWithSharesThatAddUp() throws Exception {
    // given
    Path target = project.resolve(".ml-metaopt");
    Path example = Path.of(".ml-metaopt-example");
    try (Stream<Path> files = Files.walk(example)) {
      for (Path file : files.toList()) {
        Path copy = target.resolve(example.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(file, copy);
        }
      }
    }
    ProjectLayout layout = new ProjectLayout(project);

    // when
    ParameterImportance.Ranking ranking = ParameterImportance.of(
        CampaignTrials.recorded(layout, CampaignTrials.readState(layout))).orElseThrow();

    // then
    assertThat(ranking.trials()).isEqualTo(18);
    assertThat(ranking.entries()).extracting(ParameterImportance.Entry::name)
        .containsExactlyInAnyOrder("activation", "batch_size", "hidden", "layers", "lr",
            "momentum", "weight_decay");
    assertThat(ranking.entries()).isSortedAccordingTo((a, b) ->
        Double.compare(b.mainEffect(), a.mainEffect()));
    double sum = ranking.entries().stream().mapToDouble(ParameterImportance.Entry::mainEffect)
        .sum();
    assertThat(sum + ranking.interactions()).isCloseTo(1.0,
        org.assertj.core.api.Assertions.within(1e-9));
    // deterministic: the same trials give the same ranking
    assertThat(ParameterImportance.of(CampaignTrials.recorded(layout,
        CampaignTrials.readState(layout))).orElseThrow()).isEqualTo(ranking);
  }
}
