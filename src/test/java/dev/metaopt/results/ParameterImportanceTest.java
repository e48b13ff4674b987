package dev.metaopt.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.FinishedCampaign;
import dev.metaopt.io.ProjectLayout;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Campaign-wide importance over the recorded quickstart campaign's 18 trials. */
class ParameterImportanceTest {
  @TempDir Path project;

  @Test
  void ranksEveryVaryingParameterOverAllIterationsWithSharesThatAddUp() throws Exception {
    // given
    FinishedCampaign.copyTo(project);
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
