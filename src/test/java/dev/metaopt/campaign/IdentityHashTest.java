package dev.metaopt.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.json.CanonicalJson;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The campaign identity hash (upstream contracts §4) and what may change without changing it. */
class IdentityHashTest {
  private static final String EXAMPLE_HASH =
      "sha256:76d87a271abe95ba765ac749237a1383dd4c75956671de88f15bba9cca13bc81";

  @TempDir Path dir;

  @Test
  void hashesTheUpstreamExampleToTheContractTestVector() {
    // given
    CampaignCheck example = CampaignText.example().check(dir);

    // when
    String hash = IdentityHash.of(example.raw());

    // then
    assertThat(example.valid()).isTrue();
    assertThat(hash).isEqualTo(EXAMPLE_HASH);
  }

  @Test
  void hashesTheUpstreamCanonicalPayload() {
    // given
    CampaignCheck example = CampaignText.example().check(dir);

    // when
    String canonical = CanonicalJson.write(IdentityHash.payload(example.raw()));

    // then
    assertThat(canonical).isEqualTo("{\"campaign_name\":\"gnn-mnist-optimization\","
        + "\"objective\":{\"direction\":\"maximize\",\"metric\":\"val/accuracy\"},"
        + "\"wandb\":{\"entity\":\"my-wandb-entity\",\"project\":\"gnn-mnist-metaopt\"}}");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "num_sweep_agents: 4|num_sweep_agents: 8",
      "provider: vast_ai|provider: local",
      "max_budget_usd: 10|max_budget_usd: 99",
      "current_target: 5|current_target: 3",
      "max_iterations: 20|max_iterations: 50",
      "target_metric: 0.990|target_metric: 0.5",
      "improvement_threshold: 0.005|improvement_threshold: 0.01",
      "Optimize GNN hyperparameters|Tune a GNN",
      "repo: git@github.com:my-org/dg_image.git|repo: /srv/dg_image"})
  void keepsTheIdentityWhenOperationalSettingsChange(String from, String to) {
    // given
    CampaignCheck edited = CampaignText.example().replace(from, to).check(dir);

    // when / then
    assertThat(edited.valid()).isTrue();
    assertThat(IdentityHash.of(edited.raw())).isEqualTo(EXAMPLE_HASH);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "name: gnn-mnist-optimization|name: gnn-mnist-optimization-2",
      "metric: val/accuracy|metric: val/loss",
      "direction: maximize|direction: minimize",
      "entity: my-wandb-entity|entity: other-entity",
      "project: gnn-mnist-metaopt|project: other-project"})
  void changesTheIdentityWhenWhatIsOptimisedChanges(String from, String to) {
    // given
    CampaignCheck edited = CampaignText.example().replace(from, to).check(dir);

    // when
    String hash = IdentityHash.of(edited.raw());

    // then
    assertThat(edited.valid()).isTrue();
    assertThat(hash).isNotEqualTo(EXAMPLE_HASH).matches("sha256:[0-9a-f]{64}");
  }

  @Test
  void hashesValuesVerbatimSoANumericNameDiffersFromItsText() {
    // given: upstream hashes the parsed value, so 123 and "123" are different campaigns
    CampaignCheck numeric = CampaignText.example()
        .replace("name: gnn-mnist-optimization", "name: 123").check(dir);
    String numericHash = IdentityHash.of(numeric.raw());
    CampaignCheck text = CampaignText.example()
        .replace("name: gnn-mnist-optimization", "name: \"123\"").check(dir);

    // when
    String textHash = IdentityHash.of(text.raw());

    // then
    assertThat(CanonicalJson.write(IdentityHash.payload(numeric.raw())))
        .startsWith("{\"campaign_name\":123,");
    assertThat(numericHash).isNotEqualTo(textHash);
  }

  @Test
  void escapesNonAsciiLikeTheUpstreamCanonicalForm() {
    // given
    CampaignCheck accented = CampaignText.example()
        .replace("name: gnn-mnist-optimization", "name: café").check(dir);

    // when
    String canonical = CanonicalJson.write(IdentityHash.payload(accented.raw()));

    // then
    assertThat(canonical).startsWith("{\"campaign_name\":\"caf\\u00e9\",");
  }
}
