package dev.metaopt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.testing.CliRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The quickstart as a new user runs it (preflight, then run) to its end, once and shared by every
 * test that only reads what it left: its state, sweeps, reports and trials. A test asks for it as
 * a parameter ({@code @ExtendWith(FinishedQuickstart.class)}); the campaign is run by the first
 * test that asks. Under {@code mvn verify} the end-to-end JVMs share one run in the directory
 * {@link #SHARED_DIR} names (emptied by the build before the end-to-end tests, kept after them
 * for a look); the first JVM runs it under a file lock the others wait on. Otherwise each test
 * JVM runs its own, deleted when the test run ends (JUnit's root store closes it). A test that
 * changes a campaign copies the quickstart itself.
 */
final class FinishedQuickstart implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(FinishedQuickstart.class);

  static final String SHARED_DIR = "metaopt.sharedQuickstart";

  /** The finished campaign: its file and project directory. Read it; never change it. */
  record Run(Path campaign, boolean deleteAtEnd)
      implements ExtensionContext.Store.CloseableResource {
    Path project() {
      return campaign.getParent();
    }

    Path metaoptDir() {
      return project().resolve(".ml-metaopt");
    }

    @Override
    public void close() throws IOException {
      if (!deleteAtEnd) {
        return;
      }
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
      String shared = System.getProperty(SHARED_DIR, "");
      if (!shared.isEmpty()) {
        return sharedRun(Path.of(shared));
      }
      Path campaign = run(Files.createTempDirectory("metaopt-quickstart-").resolve("qs"));
      return new Run(campaign, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The run every JVM of this build shares: made by whichever asks first, under a file lock. */
  private static Run sharedRun(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path finished = dir.resolve("finished");
    try (FileChannel lockFile = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
      if (!Files.exists(finished)) {
        Path campaign = run(dir.resolve("qs"));
        Files.writeString(finished, campaign.toString());
      }
      return new Run(Path.of(Files.readString(finished)), false);
    }
  }

  private static Path run(Path dir) throws IOException {
    Path campaign = QuickstartTest.copyQuickstart(dir);
    CliRun preflight = FakeProject.cli("preflight", campaign.toString());
    assertThat(preflight.code()).as(preflight.toString()).isZero();
    CliRun result = FakeProject.cli("run", campaign.toString());
    assertThat(result.code()).as(result.toString()).isZero();
    return campaign;
  }
}
