package dev.metaopt.cli;

import dev.metaopt.ExitCode;
import dev.metaopt.export.WandbExport;
import dev.metaopt.results.CampaignTrials;
import dev.metaopt.results.ShellLine;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code metaopt export --wandb DIR}: local trials as W&B offline runs for {@code wandb sync}. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Write each local trial as a W&B offline run directory, to browse a laptop campaign in"
          + " the W&B UI later: 'wandb sync DIR' uploads them.",
      "Runs already exported are left as they are."
    })
public final class ExportCommand implements Callable<Integer>, ProjectMixin.User {
  @Spec CommandSpec spec;
  private final ProjectMixin project = new ProjectMixin();

  @Option(names = "--wandb", paramLabel = "DIR", required = true,
      description = "Directory to write offline-run-* directories into (created if needed).")
  Path wandbDir;

  @Option(names = "--entity", paramLabel = "ENTITY",
      description = "W&B entity the runs upload to (default: the campaign's wandb.entity).")
  String entity;

  @Option(names = "--project", paramLabel = "PROJECT",
      description = "W&B project the runs upload to (default: the campaign's wandb.project).")
  String wandbProject;

  @Override
  public ProjectMixin project() {
    return project;
  }

  @Override
  public Integer call() {
    CampaignTrials trials = CampaignTrials.live(project.layout(spec.commandLine()),
        System.getenv());
    WandbExport.Result result = WandbExport.export(trials, wandbDir,
        entity != null ? entity : trials.facts().entity(),
        wandbProject != null ? wandbProject : trials.facts().project(),
        "metaopt " + VersionProvider.version());
    PrintWriter out = spec.commandLine().getOut();
    result.written().forEach(dir -> out.println(dir));
    spec.commandLine().getErr().printf("exported %d run(s) to %s%s; upload them with: wandb sync"
        + " %s%n", result.written().size(), wandbDir, result.skipped().isEmpty() ? ""
        : " (" + result.skipped().size() + " already there, left as they were)",
        ShellLine.quote(wandbDir.toString()));
    out.flush();
    return ExitCode.OK.code();
  }
}
