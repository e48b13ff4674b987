package dev.metaopt.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.campaign.Campaign;
import dev.metaopt.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one rule of what a trial runs: the campaign's command; a worker sets the search only. */
class TrialCommandPolicyTest {
  static final Campaign.Project TRAIN = new Campaign.Project(".", "true",
      Optional.of("python3 train.py"), Optional.empty());

  @TempDir Path root;

  static JsonNode json(String text) throws IOException {
    return Json.parse(text.replace('\'', '"'));
  }

  static JsonNode search() throws IOException {
    return json("{'method': 'random', 'metric': {'name': 'acc', 'goal': 'maximize'},"
        + " 'parameters': {'lr': {'values': [0.1]}}, 'run_cap': 4, 'name': 'n',"
        + " 'description': 'd', 'early_terminate': {'type': 'hyperband', 'min_iter': 2}}");
  }

  @Test
  void theSearchKeysOfAProposalAreKeptAsTheyAre() throws Exception {
    TrialCommandPolicy.Review review = TrialCommandPolicy.review(search(), TRAIN, root);

    assertThat(review.sweepConfig()).isEqualTo(search());
    assertThat(review.removed()).isEmpty();
  }

  @Test
  void aShellCommandIsRemovedWithTheReason() throws Exception {
    // given
    ObjectNode config = (ObjectNode) search();
    config.set("command", json("['/bin/sh', '-c', 'touch /tmp/CANARY; exec java Train.java']"));

    // when
    TrialCommandPolicy.Review review = TrialCommandPolicy.review(config, TRAIN, root);

    // then
    assertThat(review.sweepConfig()).isEqualTo(search());
    assertThat(review.removed()).containsExactly("sweep_config.command [\"/bin/sh\",\"-c\","
        + "\"touch /tmp/CANARY; exec java Train.java\"] removed: a worker never chooses what"
        + " runs; every trial runs the campaign's project.train_command 'python3 train.py'");
  }

  @Test
  void theCampaignsOwnCommandEchoedBackIsRemovedSilently() throws Exception {
    ObjectNode config = (ObjectNode) search();
    config.set("command", json("['python3', 'train.py', '${args}']"));

    TrialCommandPolicy.Review review = TrialCommandPolicy.review(config, TRAIN, root);

    assertThat(review.sweepConfig()).isEqualTo(search());
    assertThat(review.removed()).isEmpty();
  }

  @Test
  void aProgramInsideTheProjectIsStillNotTheWorkersToChoose() throws Exception {
    Files.writeString(root.resolve("other.py"), "print(1)");
    ObjectNode config = (ObjectNode) search();
    config.put("program", "other.py");

    TrialCommandPolicy.Review review = TrialCommandPolicy.review(config, TRAIN, root);

    assertThat(review.sweepConfig().has("program")).isFalse();
    assertThat(review.removed()).singleElement().asString()
        .startsWith("sweep_config.program \"other.py\" removed: a worker never chooses what runs");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "../../../../../tmp/evil/Evil.py|'..' climbs out of it",
      "sub/../../evil.py|'..' climbs out of it",
      "/tmp/evil/Evil.py|an absolute path"})
  void aProgramOutsideTheProjectIsNamedAsSuch(String program, String why) throws Exception {
    ObjectNode config = (ObjectNode) search();
    config.put("program", program);

    TrialCommandPolicy.Review review = TrialCommandPolicy.review(config, TRAIN, root);

    assertThat(review.sweepConfig().has("program")).isFalse();
    assertThat(review.removed()).containsExactly("sweep_config.program \"" + program
        + "\" removed: it leads outside the project directory (" + why + "); a worker never"
        + " chooses what runs; every trial runs the campaign's project.train_command"
        + " 'python3 train.py'");
  }

  @Test
  void pathsStayHomeUnlessASymbolicLinkLeadsOut() throws Exception {
    // given: a project with a script, a link to a directory outside and a link inside
    Path project = Files.createDirectories(root.resolve("project"));
    Path outside = Files.createDirectories(root.resolve("outside"));
    Files.writeString(outside.resolve("Evil.py"), "print(1)");
    Files.writeString(project.resolve("train.py"), "print(1)");
    Files.createDirectories(project.resolve("src"));
    Files.createSymbolicLink(project.resolve("escape"), outside);
    Files.createSymbolicLink(project.resolve("src/link.py"), project.resolve("train.py"));

    // then
    assertThat(TrialCommandPolicy.outsideProject("train.py", project)).isEmpty();
    assertThat(TrialCommandPolicy.outsideProject("src/../train.py", project)).isEmpty();
    assertThat(TrialCommandPolicy.outsideProject("src/link.py", project)).isEmpty();
    assertThat(TrialCommandPolicy.outsideProject("not/yet/there.py", project)).isEmpty();
    assertThat(TrialCommandPolicy.outsideProject("escape/Evil.py", project))
        .contains("a symbolic link leads out of it");
    assertThat(TrialCommandPolicy.outsideProject("escape/new/file.py", project))
        .contains("a symbolic link leads out of it");
    assertThat(TrialCommandPolicy.outsideProject("..", project))
        .contains("'..' climbs out of it");
  }

  @Test
  void otherKeysAreRemovedNamingTheKeysAProposalMaySet() throws Exception {
    ObjectNode config = (ObjectNode) search();
    config.put("entity", "attacker");
    config.putObject("controller").put("type", "local");

    TrialCommandPolicy.Review review = TrialCommandPolicy.review(config, TRAIN, root);

    assertThat(review.sweepConfig()).isEqualTo(search());
    assertThat(review.removed()).containsExactly(
        "sweep_config.entity removed: a proposal may set only method, metric, parameters,"
            + " run_cap, early_terminate, name, description",
        "sweep_config.controller removed: a proposal may set only method, metric, parameters,"
            + " run_cap, early_terminate, name, description");
  }

  @Test
  void aWarningQuotesAWorkersTextEscapedAndBounded() throws Exception {
    // given: a key with a line break (a forged log line) and a very long command
    ObjectNode config = (ObjectNode) search();
    config.put("x\nINFO forged", 1);
    config.putArray("command").add("sh").add("-c").add("true; ".repeat(500));

    // when
    TrialCommandPolicy.Review review = TrialCommandPolicy.review(config, TRAIN, root);

    // then
    assertThat(review.removed()).hasSize(2).allSatisfy(w -> assertThat(w).doesNotContain("\n"));
    assertThat(review.removed()).anySatisfy(w -> assertThat(w)
        .startsWith("sweep_config.\"x\\nINFO forged\" removed"));
    assertThat(review.removed()).anySatisfy(w -> assertThat(w).hasSizeLessThan(500)
        .contains("true; true; …"));
  }

  @Test
  void theTemplateIsTheTrainCommandFollowedByItsArguments() {
    assertThat(TrialCommandPolicy.template("python3 'my dir/train.py' --epochs=3"))
        .containsExactly("python3", "my dir/train.py", "--epochs=3", "${args}");
    assertThat(TrialCommandPolicy.template("python3 train.py ${args_no_hyphens}"))
        .containsExactly("python3", "train.py", "${args_no_hyphens}");
    assertThat(TrialCommandPolicy.template("python3 train.py --config ${args_json_file}"))
        .containsExactly("python3", "train.py", "--config", "${args_json_file}");
  }

  @Test
  void noCommandOrAProgramMacroIsAClearError() {
    for (String missing : new String[] {null, "", "   "}) {
      assertThatThrownBy(() -> TrialCommandPolicy.template(missing))
          .hasMessageContaining("no project.train_command").hasMessageContaining("set it");
    }
    assertThatThrownBy(() -> TrialCommandPolicy.template("${interpreter} ${program} ${args}"))
        .hasMessageContaining("uses ${interpreter}, which nothing sets");
  }

  @Test
  void aLaunchConfigHasTheSearchAndTheCampaignsCommandOnly() throws Exception {
    // given: a stored config that somehow carries what a worker may not set
    ObjectNode stored = (ObjectNode) search();
    stored.put("program", "evil.py");
    stored.set("command", json("['/bin/sh', '-c', 'touch pwned']"));
    stored.put("project", "elsewhere");

    // when
    ObjectNode launch = TrialCommandPolicy.forLaunch(stored, TRAIN);

    // then
    ObjectNode expected = (ObjectNode) search();
    expected.set("command", json("['python3', 'train.py', '${args}']"));
    assertThat(launch).isEqualTo(expected);
  }
}
