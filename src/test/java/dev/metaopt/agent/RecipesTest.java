package dev.metaopt.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.io.ProjectLayout;
import dev.metaopt.state.MachineState;
import dev.metaopt.testing.PastedLine;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands terminal messages end with work when pasted into a POSIX shell, whatever the
 * project's path holds: here a space and both kinds of quote.
 */
class RecipesTest {
  @TempDir Path root;
  private Path project;
  private Path campaign;
  private ProjectLayout layout;

  @BeforeEach
  void project() throws Exception {
    project = Files.createDirectories(root.resolve("my \"o'neil\" project"));
    campaign = project.resolve("ml_metaopt_campaign.yaml");
    layout = new ProjectLayout(project);
    Files.createDirectories(layout.metaoptDir());
    Files.writeString(layout.stateFile(), "{}");
  }

  @Test
  void theStartOverRecipeMovesTheStateAsideThenPreflightsAndRunsTheCampaign() throws Exception {
    // given: a campaign blocked in ROLL_ITERATION, which cannot be retried
    String message = Reopenings.afterProtocolFix(layout, MachineState.ROLL_ITERATION, campaign);
    String recipe = message.substring(message.indexOf("start over: '") + "start over: '".length(),
        message.length() - 1);

    // when
    var calls = PastedLine.run(recipe, root, root, "metaopt");

    // then
    assertThat(project.resolve(".ml-metaopt.old/state.json")).exists();
    assertThat(layout.metaoptDir()).doesNotExist();
    assertThat(calls).containsExactly("[metaopt][preflight][" + campaign + "]",
        "[metaopt][run][" + campaign + "]");
  }

  @Test
  void theRetryRecipeNamesTheProjectDirectoryAsOneArgument() throws Exception {
    // when
    var calls = PastedLine.run(Recipes.retry(layout), root, root, "metaopt");

    // then
    assertThat(calls).containsExactly("[metaopt][resume][--retry][-C][" + project + "]");
  }

  @Test
  void theRunRecipeNamesTheCampaignFileAsOneArgument() throws Exception {
    // when
    var calls = PastedLine.run(Recipes.run(campaign), root, root, "metaopt");

    // then
    assertThat(calls).containsExactly("[metaopt][run][" + campaign + "]");
  }
}
