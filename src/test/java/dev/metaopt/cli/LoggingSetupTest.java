package dev.metaopt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.Test;

/** The level -v/-q choose reaches logback whether it has started yet or not. */
class LoggingSetupTest {
  @Test
  void aLevelChosenBeforeLogbackStartsIsAppliedWhenItStarts() {
    // given: a command line chose debug before anything logged
    LoggingSetup.ChosenLevel chosen = new LoggingSetup.ChosenLevel();
    chosen.choose(Level.DEBUG);

    // when: the first logger starts logback
    LoggerContext context = new LoggerContext();
    chosen.start(context);

    // then
    assertThat(context.getLogger(LoggingSetup.METAOPT).getLevel()).isEqualTo(Level.DEBUG);
  }

  @Test
  void aLevelChosenOnceLogbackRunsIsAppliedAtOnce() {
    // given
    LoggingSetup.ChosenLevel chosen = new LoggingSetup.ChosenLevel();
    LoggerContext context = new LoggerContext();
    chosen.start(context);
    assertThat(context.getLogger(LoggingSetup.METAOPT).getLevel()).isEqualTo(Level.INFO);

    // when
    chosen.choose(Level.WARN);

    // then
    assertThat(context.getLogger(LoggingSetup.METAOPT).getLevel()).isEqualTo(Level.WARN);
  }
}
