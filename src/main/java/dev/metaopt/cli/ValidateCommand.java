package dev.metaopt.cli;

import dev.metaopt.ExitCode;
import dev.metaopt.io.InputFiles;
import dev.metaopt.json.Json;
import dev.metaopt.schema.ValidationIssue;
import dev.metaopt.validation.DocumentKind;
import dev.metaopt.validation.DocumentValidator.Verdict;
import dev.metaopt.validation.DocumentValidator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code metaopt validate}: checks one file against the contract without changing anything. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Validate a campaign, state, handoff, preflight artifact or worker result.",
      "The kind is inferred (.yaml/.yml = campaign; JSON by its keys) unless --kind is given.",
      "Exit 0 when valid, 6 when not."
    })
public final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The file to validate.")
  Path file;

  @Option(names = "--kind", paramLabel = "KIND", converter = KindConverter.class,
      description = "campaign, state, handoff, preflight or worker-result.")
  DocumentKind kind;

  @Option(names = "--json", description = "Print the verdict as JSON.")
  boolean json;

  @Override
  public Integer call() {
    InputFiles.requireFile(file, "file to validate");
    Verdict verdict = DocumentValidator.validate(file, kind);
    PrintWriter out = spec.commandLine().getOut();
    if (verdict.kind() == null && kind == null && !json) {
      spec.commandLine().getErr().println("error: " + verdict.issues().get(0).format());
      spec.commandLine().getErr().flush();
      return ExitCode.USAGE.code();
    }
    if (!json) {
      verdict.warnings().forEach(w -> spec.commandLine().getErr().println("warning: "
          + w.format()));
      spec.commandLine().getErr().flush();
    }
    if (json) {
      out.print(Json.pretty(DocumentValidator.toJson(verdict)));
    } else if (verdict.valid()) {
      out.println("OK " + file + " (" + DocumentValidator.cliName(verdict.kind()) + ")"
          + (verdict.identityHash() == null ? "" : " identity " + verdict.identityHash()));
    } else {
      for (ValidationIssue issue : verdict.issues()) {
        out.println(issue.format());
      }
      out.println(verdict.issues().size() + " problem(s) in " + file);
    }
    out.flush();
    if (verdict.kind() == null && kind == null) {
      return ExitCode.USAGE.code();
    }
    return verdict.valid() ? ExitCode.OK.code() : ExitCode.INVALID_INPUT.code();
  }

  /** Parses {@code worker-result} style names. */
  static final class KindConverter implements ITypeConverter<DocumentKind> {
    @Override
    public DocumentKind convert(String value) {
      return DocumentKind.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
  }
}
