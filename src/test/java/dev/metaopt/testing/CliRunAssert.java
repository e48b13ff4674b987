package dev.metaopt.testing;

import dev.metaopt.ExitCode;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;

/**
 * AssertJ checks of a {@link CliRun}; every failure shows the exit code, stdout and stderr:
 * {@code assertThat(run).exitedWith(ExitCode.OK).outContains("COMPLETE").errIsEmpty()}.
 */
public final class CliRunAssert extends AbstractAssert<CliRunAssert, CliRun> {
  private CliRunAssert(CliRun actual) {
    super(actual, CliRunAssert.class);
  }

  /** The entry point of these assertions. */
  public static CliRunAssert assertThat(CliRun actual) {
    return new CliRunAssert(actual);
  }

  /** The command exited with {@code code}. */
  public CliRunAssert exitedWith(ExitCode code) {
    return exitedWith(code.code());
  }

  /** The command exited with {@code code}. */
  public CliRunAssert exitedWith(int code) {
    isNotNull();
    Assertions.assertThat(actual.code()).as("exit code of %s", actual).isEqualTo(code);
    return this;
  }

  /** Stdout contains every one of {@code parts}. */
  public CliRunAssert outContains(CharSequence... parts) {
    isNotNull();
    Assertions.assertThat(actual.out()).as("stdout of %s", actual).contains(parts);
    return this;
  }

  /** Stderr contains every one of {@code parts}. */
  public CliRunAssert errContains(CharSequence... parts) {
    isNotNull();
    Assertions.assertThat(actual.err()).as("stderr of %s", actual).contains(parts);
    return this;
  }

  /** Nothing was printed on stderr. */
  public CliRunAssert errIsEmpty() {
    isNotNull();
    Assertions.assertThat(actual.err()).as("stderr of %s", actual).isEmpty();
    return this;
  }
}
