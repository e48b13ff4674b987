package dev.metaopt.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code -h/--help} and {@code -V/--version} for a command whose model is built in code: the
 * options picocli's {@code mixinStandardHelpOptions} adds to an annotated command (its
 * {@code AutoHelpMixin}, picocli 4.7.7 CommandLine.java, names, flags and descriptions alike), but
 * without parsing that mixin's annotations, which a short command cannot afford. (The parameter
 * labels, never shown for a flag, are the ones picocli derives from the mixin's field names.)
 * {@code StandardOptionsTest} compares both, so a picocli upgrade cannot make them drift.
 */
final class StandardOptions {
  private StandardOptions() {}

  /** Adds {@code -h/--help} and {@code -V/--version} to {@code command}. */
  static void addTo(CommandSpec command) {
    command.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
        .type(boolean.class).initialValue(false)
        .descriptionKey("mixinStandardHelpOptions.help").paramLabel("<helpRequested>")
        .description("Show this help message and exit.").build());
    command.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
        .type(boolean.class).initialValue(false)
        .descriptionKey("mixinStandardHelpOptions.version").paramLabel("<versionRequested>")
        .description("Print version information and exit.").build());
  }
}
