package dev.metaopt.backend.skypilot;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The fakes of one SkyPilot test, held in one place: its {@link SkyPilotHarness} project and the
 * {@link FakeWandbServer} it talks to, both ended after the test whatever it did. Register it as
 * {@code @RegisterExtension final SkyPilotFakes fakes = new SkyPilotFakes();} and start the
 * project from the test (or its {@code @BeforeEach}) under the test's {@code @TempDir}.
 */
final class SkyPilotFakes implements AfterEachCallback {
  private SkyPilotHarness project;
  private FakeWandbServer server;

  /** A project with {@code agents} sweep agents under {@code root}, with no W&B API server. */
  SkyPilotHarness project(Path root, int agents) throws IOException {
    project = new SkyPilotHarness(root, agents);
    return project;
  }

  /** A project under {@code root} and a W&B API server answering as {@code config} says. */
  SkyPilotHarness start(Path root, int agents, FakeWandbServer.Config config)
      throws IOException {
    project(root, agents);
    server = new FakeWandbServer(project.state, config);
    project.withServer(server);
    return project;
  }

  /** The W&B API server {@link #start} started. */
  FakeWandbServer server() {
    return server;
  }

  /** Ends the W&B API server, then the fake SkyPilot API server a fake {@code sky} started. */
  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      if (project != null) {
        project.close();
      }
    }
  }
}
