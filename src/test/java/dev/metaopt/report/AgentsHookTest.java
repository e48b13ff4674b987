package dev.metaopt.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AGENTS.md resume hook: created, kept last, removed; CRLF files stay CRLF (D-18). */
class AgentsHookTest {
  @TempDir Path dir;

  @Test
  void createsTheFileWithExactlyTheBlock() throws Exception {
    Path agents = dir.resolve("AGENTS.md");
    AgentsHook.ensure(agents);
    assertThat(agents).hasContent(AgentsHook.BLOCK.stripTrailing());
    assertThat(Files.readString(agents)).isEqualTo(AgentsHook.BLOCK);
  }

  @Test
  void appendsAfterExistingNotesAndIsIdempotent() throws Exception {
    Path agents = dir.resolve("AGENTS.md");
    Files.writeString(agents, "# Notes\n");
    AgentsHook.ensure(agents);
    String once = Files.readString(agents);
    AgentsHook.ensure(agents);
    assertThat(Files.readString(agents)).isEqualTo(once).isEqualTo("# Notes\n\n"
        + AgentsHook.BLOCK);
  }

  @Test
  void removingKeepsTheUsersNotesAndDeletesAFileThatHeldOnlyTheHook() throws Exception {
    Path agents = dir.resolve("AGENTS.md");
    Files.writeString(agents, "# Notes\n");
    AgentsHook.ensure(agents);
    assertThat(AgentsHook.remove(agents)).isTrue();
    assertThat(Files.readString(agents)).isEqualTo("# Notes\n");
    Path only = dir.resolve("ONLY.md");
    AgentsHook.ensure(only);
    AgentsHook.remove(only);
    assertThat(only).doesNotExist();
  }

  @Test
  void d18CrlfFilesKeepTheirLineEndings() throws Exception {
    Path agents = dir.resolve("AGENTS.md");
    Files.writeString(agents, "# Notes\r\nline two\r\n");
    AgentsHook.ensure(agents);
    String text = Files.readString(agents);
    assertThat(text).startsWith("# Notes\r\nline two\r\n");
    assertThat(text.replace("\r\n", "")).doesNotContain("\n");
  }
}
