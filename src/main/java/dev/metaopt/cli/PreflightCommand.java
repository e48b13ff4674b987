package dev.metaopt.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.ExitCode;
import dev.metaopt.MetaoptException;
import dev.metaopt.campaign.CampaignCheck;
import dev.metaopt.campaign.CampaignLoader;
import dev.metaopt.io.AtomicFiles;
import dev.metaopt.io.InputFiles;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.json.Json;
import dev.metaopt.preflight.BackendChecks;
import dev.metaopt.preflight.CheckResult;
import dev.metaopt.preflight.Preflight;
import dev.metaopt.schema.ValidationIssue;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code metaopt preflight}: checks the machine and writes the readiness artifact. */
@Command(
    name = "preflight",
    mixinStandardHelpOptions = true,
    description = {
      "Check that this machine can run the campaign (backend, tools, workers, credentials)",
      "and write .ml-metaopt/preflight-readiness.json, which 'run' requires."
    })
public final class PreflightCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CAMPAIGN", description = "The campaign YAML file.")
  Path campaign;

  @Option(names = "--json", description = "Print the readiness artifact as JSON.")
  boolean json;

  @Override
  public Integer call() {
    Path file = InputFiles.requireFile(campaign, "campaign file");
    CampaignCheck check = CampaignLoader.check(file);
    if (!check.valid()) {
      throw new MetaoptException(ExitCode.INVALID_INPUT, file + " is not a valid campaign:\n  "
          + String.join("\n  ", check.issues().stream().map(ValidationIssue::format).toList())
          + "\nfix these, then run 'metaopt preflight' again");
    }
    ProjectLayout layout = new ProjectLayout(file.getParent());
    BackendChecks backend = BackendChecks.forCompute(check.campaign().compute(),
        layout.projectDir());
    List<CheckResult> results = new ArrayList<>(
        new Preflight(layout.projectDir(), System.getenv(), backend).checks(check.raw()));
    check.warnings().forEach(w -> results.add(CheckResult.warning(w.path(), w.format())));
    ObjectNode artifact = Preflight.artifact(check, results, Clock.systemUTC());
    AtomicFiles.writeString(layout.preflightFile(), Json.pretty(artifact));
    print(spec.commandLine().getOut(), artifact, results, layout);
    return "READY".equals(artifact.path("status").asText())
        ? ExitCode.OK.code() : ExitCode.BLOCKED_CONFIG.code();
  }

  private void print(PrintWriter out, ObjectNode artifact, List<CheckResult> results,
      ProjectLayout layout) {
    if (json) {
      out.print(Json.pretty(artifact));
    } else {
      for (CheckResult result : results) {
        out.printf("%-9s %-26s %s%n", result.status().toUpperCase(java.util.Locale.ROOT),
            result.name(), result.detail());
        if (result.isFailure()) {
          out.printf("%-9s %-26s fix: %s%n", "", "", result.remediation());
        }
      }
      out.println(artifact.path("status").asText() + ": wrote "
          + layout.projectDir().relativize(layout.preflightFile()));
    }
    out.flush();
  }
}
