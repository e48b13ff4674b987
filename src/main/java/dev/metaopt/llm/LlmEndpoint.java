package dev.metaopt.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.campaign.LlmSettings;
import dev.metaopt.json.Json;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether an LLM endpoint answers, asked once before a campaign starts: {@code GET <base>/models}
 * (OpenAI's "list models", which vLLM, Ollama and llama.cpp serve too) with the key when one is
 * configured. Nothing is generated and nothing is spent.
 */
public final class LlmEndpoint {
  /** Preflight waits this long for a connection and for the answer. */
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  /**
   * What the probe found.
   *
   * @param answers true when an HTTP answer came back that does not refuse the key
   * @param detail one sentence for the preflight line
   * @param models the model ids the endpoint lists (empty when it lists none or is down)
   */
  public record Probe(boolean answers, String detail, List<String> models) {
    public Probe {
      models = List.copyOf(models);
    }
  }

  private LlmEndpoint() {}

  /** Probes {@code settings}' endpoint; the key (if any) is read from {@code environment}. */
  public static Probe probe(LlmSettings settings, Map<String, String> environment) {
    HttpRequest.Builder request = HttpRequest.newBuilder(settings.models()).timeout(TIMEOUT).GET();
    String key = settings.apiKeyEnv() == null ? null : environment.get(settings.apiKeyEnv());
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    try {
      HttpResponse<String> response = http.send(request.build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      int status = response.statusCode();
      if (status == 401 || status == 403) {
        return new Probe(false, settings.models() + " answered HTTP " + status + ": the key"
            + (key == null ? " is missing" : " in " + settings.apiKeyEnv() + " was refused"),
            List.of());
      }
      return new Probe(true, settings.models() + " answered HTTP " + status,
          status / 100 == 2 ? ids(response.body()) : List.of());
    } catch (IOException e) {
      return new Probe(false, "nothing answers at " + settings.baseUrl() + " ("
          + describe(e) + ")", List.of());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Probe(false, "interrupted while asking " + settings.baseUrl(), List.of());
    }
  }

  private static List<String> ids(String body) {
    List<String> ids = new ArrayList<>();
    try {
      for (JsonNode model : Json.parse(body).path("data")) {
        if (model.path("id").isTextual()) {
          ids.add(model.path("id").asText());
        }
      }
    } catch (IOException notAList) {
      // a server without a model list still answers: nothing to compare the model with
    }
    return ids;
  }

  private static String describe(IOException e) {
    String type = e instanceof java.net.http.HttpTimeoutException ? "no answer within "
        + TIMEOUT.toSeconds() + " s" : e.getClass().getSimpleName();
    return e.getMessage() == null || e instanceof java.net.http.HttpTimeoutException ? type
        : type + ": " + e.getMessage();
  }
}
