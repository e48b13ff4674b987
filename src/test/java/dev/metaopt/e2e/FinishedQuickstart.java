package dev.metaopt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The quickstart as a new user runs it (preflight, then run) to its end, once per test JVM and
 * shared by every test that only reads what it left: its state, sweeps, reports and trials. A
 * test asks for it as a parameter ({@code @ExtendWith(FinishedQuickstart.class)}); the campaign
 * is run by the first test that asks and its directory deleted when the test run ends (JUnit's
 * root store closes it). A test that changes a campaign copies the quickstart itself.
 */
final class FinishedQuickstart implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(FinishedQuickstart.class);

  /** The finished campaign: its file and project directory. Read it; never change it. */
  record Run(Path campaign) implements ExtensionContext.Store.CloseableResource {
    Path project() {
      return campaign.getParent();
    }

    Path metaoptDir() {
      return project().resolve(".ml-metaopt");
    }

    @Override
    public void close() throws IOException {
      try (Stream<Path> paths = Files.walk(project().getParent())) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Run.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(Run.class, key -> runTheQuickstart(), Run.class);
  }

  private static Run runTheQuickstart() {
    try {
      Path campaign = QuickstartTest.copyQuickstart(
          Files.createTempDirectory("metaopt-quickstart-").resolve("qs"));
      Run run = new Run(campaign);
      CliRun preflight = FakeProject.cli("preflight", campaign.toString());
      assertThat(preflight.code()).as(preflight.toString()).isZero();
      CliRun result = FakeProject.cli("run", campaign.toString());
      assertThat(result.code()).as(result.toString()).isZero();
      return run;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
