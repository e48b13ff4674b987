package dev.metaopt.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Preflight finds the script an interpreter would run, and says when it is not there. */
class ScriptCheckTest {
  @TempDir Path project;

  @Test
  void findsTheScriptAnInterpreterRunsAndNothingElse() {
    assertThat(ScriptCheck.script("python3 train.py --epochs=1")).hasValue("train.py");
    assertThat(ScriptCheck.script("/usr/bin/env python3.11 -u src/train.py")).hasValue(
        "src/train.py");
    assertThat(ScriptCheck.script("torchrun --nproc_per_node 2 train.py")).hasValue("train.py");
    assertThat(ScriptCheck.script("java -cp lib Train.java")).hasValue("Train.java");
    assertThat(ScriptCheck.script("java -jar build/app.jar")).hasValue("build/app.jar");
    assertThat(ScriptCheck.script("python3 -m mypkg.train")).isEmpty();
    assertThat(ScriptCheck.script("bash -c 'echo hi'")).isEmpty();
    assertThat(ScriptCheck.script("./train --lr=1")).isEmpty();
    assertThat(ScriptCheck.script("make train")).isEmpty();
  }

  @Test
  void aMisspeltScriptFailsWithTheProjectDirectoryAndTheNearestName() throws Exception {
    // given
    Files.writeString(project.resolve("train.py"), "print(1)\n");

    // when
    var result = ScriptCheck.check("train_command", "python3 trian.py", project);

    // then
    assertThat(result).hasValueSatisfying(check -> {
      assertThat(check.isFailure()).isTrue();
      assertThat(check.name()).isEqualTo("project.train_command");
      assertThat(check.detail()).contains("trian.py", project.resolve("trian.py").toString());
      assertThat(check.remediation()).startsWith("did you mean 'train.py'?");
    });
    assertThat(ScriptCheck.check("train_command", "python3 train.py", project)).isEmpty();
  }

  @Test
  void preflightReportsTheMissingScriptAsAFailedCheck() throws Exception {
    Files.writeString(project.resolve("train.py"), "print(1)\n");
    var campaign = dev.metaopt.json.Json.parse("{\"project\": {\"smoke_test_command\":"
        + " \"python3 train.py\", \"train_command\": \"python3 trian.py\"}}");

    var checks = new Preflight(project, System.getenv(), BackendChecks.local()).checks(campaign);

    assertThat(checks).filteredOn(c -> c.name().startsWith("project."))
        .extracting(CheckResult::name, CheckResult::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("project.smoke_test_command",
            "passed"), org.assertj.core.groups.Tuple.tuple("project.train_command", "failed"));
  }
}
