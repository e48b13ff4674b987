package dev.metaopt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The help and version options built in code are picocli's {@code mixinStandardHelpOptions}. */
class StandardOptionsTest {
  @Command(mixinStandardHelpOptions = true)
  static final class Annotated {}

  @Test
  void theyArePicocliMixinStandardHelpOptions() {
    // given
    CommandSpec annotated = CommandSpec.forAnnotatedObject(new Annotated());
    CommandSpec inCode = CommandSpec.create();

    // when
    StandardOptions.addTo(inCode);

    // then
    assertThat(describe(inCode.options())).isEqualTo(describe(annotated.options()))
        .hasSize(2);
  }

  /** Every attribute usage help, parsing or execution reads from an option. */
  static List<String> describe(List<OptionSpec> options) {
    return options.stream().map(option -> String.join(" | ", Arrays.toString(option.names()),
        Arrays.toString(option.description()), option.descriptionKey(), option.paramLabel(),
        String.valueOf(option.arity()), option.type().getName(),
        String.valueOf(option.usageHelp()), String.valueOf(option.versionHelp()),
        String.valueOf(option.required()), String.valueOf(option.hidden()),
        String.valueOf(option.negatable()), String.valueOf(option.interactive()),
        String.valueOf(option.defaultValue()), String.valueOf(option.initialValue()),
        String.valueOf(option.order()), String.valueOf(option.showDefaultValue()),
        String.valueOf(option.fallbackValue()), String.valueOf(option.inherited())))
        .sorted().toList();
  }
}
