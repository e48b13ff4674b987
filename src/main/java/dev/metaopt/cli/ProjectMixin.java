package dev.metaopt.cli;

import dev.metaopt.io.InputFiles;
import dev.metaopt.io.ProjectLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Which campaign a command works on: {@code -C DIR}, or a campaign file or project directory
 * given as the argument (the file's directory is the project). A directory (the current one by
 * default) is searched upwards for {@code .ml-metaopt/}, as git looks for {@code .git/}, so the
 * commands work from anywhere inside a project.
 */
public final class ProjectMixin {
  @Option(
      names = {"-C", "--project-dir"},
      paramLabel = "DIR",
      description = "Project directory holding .ml-metaopt/ (default: current directory).")
  Path projectDir;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "CAMPAIGN",
      description = "The campaign file (or its project directory), instead of -C.")
  Path campaign;

  /** The project's layout; a usage error when both forms are given and disagree. */
  public ProjectLayout layout(CommandLine commandLine) {
    Path fromArgument = campaign == null ? null
        : Files.isDirectory(campaign) ? campaign : campaign.toAbsolutePath().getParent();
    if (fromArgument != null && projectDir != null
        && !fromArgument.toAbsolutePath().normalize().equals(
            projectDir.toAbsolutePath().normalize())) {
      throw new CommandLine.ParameterException(commandLine, "cannot use -C " + projectDir
          + " and " + campaign + " at the same time; give one of them");
    }
    if (campaign != null && !Files.isDirectory(campaign)) {
      // a campaign file names its project exactly
      return new ProjectLayout(InputFiles.requireFile(campaign, "campaign file").getParent());
    }
    Path start = fromArgument != null ? fromArgument
        : projectDir != null ? projectDir : Path.of("");
    return new ProjectLayout(enclosingProject(
        InputFiles.requireDirectory(start, "project directory")));
  }

  /** The nearest directory at or above {@code start} holding .ml-metaopt/, else start itself. */
  static Path enclosingProject(Path start) {
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve(ProjectLayout.METAOPT_DIR))) {
        return dir;
      }
    }
    return start;
  }
}
