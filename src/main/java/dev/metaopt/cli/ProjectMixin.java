package dev.metaopt.cli;

import dev.metaopt.io.InputFiles;
import dev.metaopt.io.ProjectLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Which campaign a command works on: {@code -C DIR}, or a campaign file or project directory
 * given as the argument (the file's directory is the project). A directory (the current one by
 * default) is searched upwards for {@code .ml-metaopt/}, as git looks for {@code .git/}, so the
 * commands work from anywhere inside a project.
 *
 * <p>The model is built in code (no annotation to parse at start-up): a command that works on a
 * project implements {@link User}, and {@link Main} adds {@link #spec()} to it.
 */
public final class ProjectMixin {
  private final OptionSpec projectDirOption = OptionSpec.builder("-C", "--project-dir")
      .paramLabel("DIR").type(Path.class)
      .description("Project directory holding .ml-metaopt/ (default: current directory).")
      .build();
  private final PositionalParamSpec campaignParameter = PositionalParamSpec.builder()
      .index("0").arity("0..1").paramLabel("CAMPAIGN").type(Path.class)
      .description("The campaign file (or its project directory), instead of -C.")
      .build();

  /** A command that works on one campaign's project. */
  public interface User {
    /** The command's project options. */
    ProjectMixin project();
  }

  /** The options, as a mixin for a command's model. */
  CommandSpec spec() {
    CommandSpec mixin = CommandSpec.create();
    mixin.addOption(projectDirOption);
    mixin.addPositional(campaignParameter);
    return mixin;
  }

  /** The project's layout; a usage error when both forms are given and disagree. */
  public ProjectLayout layout(CommandLine commandLine) {
    Path projectDir = projectDirOption.getValue();
    Path campaign = campaignParameter.getValue();
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
