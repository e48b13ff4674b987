package dev.metaopt.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Task, result and artifact paths cannot escape .ml-metaopt/. */
class ProjectLayoutTest {
  @TempDir Path dir;

  @Test
  void contractPathsInsideTheMetaoptDirectoryResolve() {
    ProjectLayout layout = new ProjectLayout(dir);
    assertThat(layout.resolveContractPath(".ml-metaopt/worker-results/bg-1.json"))
        .isEqualTo(dir.resolve(".ml-metaopt/worker-results/bg-1.json").toAbsolutePath());
  }

  @Test
  void dotDotAndAbsolutePathsAreRefused() {
    ProjectLayout layout = new ProjectLayout(dir);
    assertThatThrownBy(() -> layout.resolveContractPath(".ml-metaopt/../AGENTS.md"))
        .hasMessageContaining("outside .ml-metaopt/");
    assertThatThrownBy(() -> layout.resolveContractPath("/etc/passwd"))
        .hasMessageContaining("outside .ml-metaopt/");
    assertThatThrownBy(() -> layout.resolveContractPath("src/Main.java"))
        .hasMessageContaining("outside .ml-metaopt/");
  }

  @Test
  void aSymbolicLinkInsideTheMetaoptDirectoryCannotRedirectWrites() throws Exception {
    ProjectLayout layout = new ProjectLayout(dir);
    Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
    Files.createDirectories(layout.metaoptDir());
    Files.createSymbolicLink(layout.workerResultsDir(), elsewhere);
    assertThatThrownBy(() -> layout.resolveContractPath(".ml-metaopt/worker-results/bg-1.json"))
        .hasMessageContaining("symbolic link");
  }
}
