package dev.metaopt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.ExitCode;
import dev.metaopt.MetaoptException;
import dev.metaopt.backend.local.GpSearchModel;
import dev.metaopt.builtin.Builtins;
import dev.metaopt.campaign.Campaign;
import dev.metaopt.dispatch.ExecutionBackends;
import dev.metaopt.io.InputFiles;
import dev.metaopt.json.Json;
import dev.metaopt.protocol.Lane;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code metaopt worker <lane>}: the built-in workers as a command, speaking the worker contract
 * (task JSON on stdin, one JSON answer on stdout), so any lane can be run, tested or replaced
 * from outside.
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Run a built-in worker on one task: JSON task on stdin (or --task), JSON answer on stdout.",
      "Lanes: ideation, selection, analysis, execution (the backend the task's",
      "compute.provider names)."
    })
public final class WorkerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "LANE", description = "ideation, selection, analysis or"
      + " execution.")
  String lane;

  @Option(names = "--task", paramLabel = "FILE", description = "Read the task from FILE.")
  Path taskFile;

  @Override
  public Integer call() throws IOException {
    ObjectNode task = readTask();
    ObjectNode answer;
    try {
      Lane parsed = Lane.parse(lane).orElseThrow(() -> new MetaoptException(ExitCode.USAGE,
          "unknown lane '" + lane + "'; use ideation, selection, analysis or execution"));
      answer = parsed == Lane.EXECUTION
          ? ExecutionBackends.forCompute(Campaign.Compute.from(task.path("compute")),
              System.getenv(), Clock.systemUTC()).handle(task)
          : Builtins.forLane(parsed, new GpSearchModel()).orElseThrow().run(task);
    } catch (IllegalArgumentException e) {
      throw new MetaoptException(ExitCode.INVALID_INPUT, "the " + lane + " task is not usable: "
          + e.getMessage());
    }
    spec.commandLine().getOut().print(Json.pretty(answer));
    spec.commandLine().getOut().flush();
    return ExitCode.OK.code();
  }

  private ObjectNode readTask() throws IOException {
    String text = taskFile != null
        ? Files.readString(InputFiles.requireFile(taskFile, "task file"), StandardCharsets.UTF_8)
        : new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
    JsonNode task;
    try {
      task = Json.parse(text);
    } catch (IOException e) {
      throw new MetaoptException(ExitCode.INVALID_INPUT, "the task is not valid JSON: "
          + e.getMessage().lines().findFirst().orElse(""));
    }
    if (!task.isObject()) {
      throw new MetaoptException(ExitCode.INVALID_INPUT, "the task must be one JSON object");
    }
    return (ObjectNode) task;
  }
}
