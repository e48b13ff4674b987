package dev.metaopt.backend.skypilot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The W&B client against the loopback fake: pagination, lookup by config name, rate limits. */
class WandbApiTest {
  @TempDir Path state;
  private final List<Duration> waits = new CopyOnWriteArrayList<>();

  @Test
  void everyRunIsReadPageByPageBeyondAThousand() throws Exception {
    // given
    sweep("sw000001", "metaopt-mo-abc");
    try (FakeWandbServer server = server()) {
      server.withFinishedRuns(1_050);

      // when
      WandbApi.Sweep sweep = api(server).sweep("e", "p", "sw000001");

      // then
      assertThat(sweep.runs()).hasSize(1_051);
      assertThat(sweep.runs()).extracting(WandbApi.Run::id).doesNotHaveDuplicates();
    }
  }

  @Test
  void aSweepIsFoundByTheNameInItsConfigOnALaterPage() throws Exception {
    // given: wandb sweep registers no display name; 120 newer sweeps come first
    sweep("sw000001", "metaopt-mo-abc");
    try (FakeWandbServer server = server()) {
      server.withOtherSweeps(120);

      // when / then
      assertThat(api(server).findSweep("e", "p", "metaopt-mo-abc")).contains("sw000001");
      assertThat(api(server).findSweep("e", "p", "metaopt-mo-zzz")).isEmpty();
    }
  }

  @Test
  void a429IsRetriedAfterTheRateLimitResetSeconds() throws Exception {
    // given
    sweep("sw000001", "metaopt-mo-abc");
    try (FakeWandbServer server = server()) {
      server.rateLimitNext(2, 7);

      // when
      WandbApi.Sweep sweep = api(server).sweep("e", "p", "sw000001");

      // then
      assertThat(sweep.id()).isEqualTo("sw000001");
      assertThat(waits).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(7));
    }
  }

  @Test
  void serverErrorsAreRetriedWithBackoffAndTheWaitIsBounded() throws Exception {
    // given
    sweep("sw000001", "metaopt-mo-abc");
    try (FakeWandbServer server = server()) {
      server.failNext(2);

      // when
      api(server).sweep("e", "p", "sw000001");

      // then
      assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));

      // and when the server keeps failing, the client gives up within its bound
      waits.clear();
      server.failNext(100);
      assertThatThrownBy(() -> api(server).sweep("e", "p", "sw000001"))
          .isInstanceOf(IOException.class).hasMessageContaining("HTTP 503");
      assertThat(waits.stream().mapToLong(Duration::toSeconds).sum())
          .isLessThanOrEqualTo(WandbHttp.MAX_TOTAL_WAIT.toSeconds());
    }
  }

  @Test
  void configNamesAreReadFromWandbsYamlDump() {
    assertThat(WandbApi.configName("command:\n- ${env}\nmetric:\n  name: acc\nname: metaopt-mo-1\n"))
        .isEqualTo("metaopt-mo-1");
    assertThat(WandbApi.configName("name: 'metaopt-mo-2'\n")).isEqualTo("metaopt-mo-2");
  }

  private FakeWandbServer server() throws IOException {
    return new FakeWandbServer(state, new FakeWandbServer.Config(List.of(0.8), 3,
        FakeWandbServer.Mode.NORMAL));
  }

  private WandbApi api(FakeWandbServer server) {
    return new WandbApi(new WandbHttp(server.baseUrl(), "k", waits::add));
  }

  private void sweep(String id, String name) throws IOException {
    Files.createDirectories(state.resolve("sweeps"));
    Files.writeString(state.resolve("sweeps").resolve(id + ".json"), """
        {"id": "%s", "displayName": null, "state": "RUNNING", "entity": "e", "project": "p",
         "config": "command:\\n- ${env}\\n- python\\nmetric:\\n  goal: maximize\\n  name: acc\\nname: %s\\n"}
        """.formatted(id, name));
  }
}
