package dev.metaopt.backend.skypilot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs GraphQL to {@code $WANDB_BASE_URL/graphql} (default {@code https://api.wandb.ai}) with
 * {@code Authorization: Basic base64("api:" + key)}, as wandb-core does
 * (core/internal/api/credentials.go), the key in the header only. W&B rate-limits per project and
 * can answer 429 or 5xx: like wandb's clients (core/internal/clients/retry_policy.go, backoff.go,
 * core/internal/api/ratelimitheaders.go) this retries 429 and 5xx (not 501) and connection
 * failures, waiting what {@code Retry-After} or {@code RateLimit-Reset} says, else an exponential
 * backoff; and after an answer with {@code RateLimit-Remaining: 0} it waits for the reset before
 * the next request. The waits of one request are bounded, so a poll never hangs on the API.
 */
final class WandbHttp {
  /** Waits; injectable so tests observe the waits instead of sleeping. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  static final int MAX_ATTEMPTS = 6;
  /** An unreachable server is not a rate limit: give up sooner (the next poll tries again). */
  static final int MAX_CONNECT_ATTEMPTS = 3;
  static final Duration MAX_WAIT = Duration.ofSeconds(60);
  static final Duration MAX_TOTAL_WAIT = Duration.ofMinutes(3);
  private static final Logger log = LoggerFactory.getLogger(WandbHttp.class);

  private final URI endpoint;
  private final String apiKey;
  private final Sleeper sleeper;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();
  private Duration pauseBeforeNext = Duration.ZERO;

  WandbHttp(String baseUrl, String apiKey, Sleeper sleeper) {
    String base = baseUrl == null || baseUrl.isBlank() ? "https://api.wandb.ai" : baseUrl;
    this.endpoint = URI.create(base.replaceAll("/+$", "") + "/graphql");
    this.apiKey = apiKey;
    this.sleeper = sleeper;
  }

  /** The {@code data} of a successful answer to {@code query}. */
  JsonNode query(String query, ObjectNode variables) throws IOException {
    ObjectNode body = Json.object();
    body.put("query", query);
    body.set("variables", variables);
    HttpRequest request = request(Json.compact(body));
    Duration waited = Duration.ZERO;
    String problem = "";
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Duration wait = attempt == 0 ? pauseBeforeNext : Duration.ZERO;
      Optional<HttpResponse<String>> answer = Optional.empty();
      if (!wait.isZero()) {
        waited = waited.plus(wait);
        pause(wait);
      }
      pauseBeforeNext = Duration.ZERO;
      try {
        answer = Optional.of(http.send(request, HttpResponse.BodyHandlers.ofString()));
      } catch (IOException e) {
        problem = "cannot reach " + endpoint + ": " + e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      if (answer.isPresent()) {
        HttpResponse<String> response = answer.get();
        int status = response.statusCode();
        if (status / 100 == 2) {
          rateLimitReset(response).filter(r -> remaining(response) == 0)
              .ifPresent(reset -> pauseBeforeNext = cap(reset));
          return data(response);
        }
        problem = "W&B API answered HTTP " + status + " at " + endpoint;
        if (!(status == 429 || status / 100 == 5 && status != 501)) {
          throw new IOException(problem + (status == 401 ? " (check WANDB_API_KEY)" : ""));
        }
      }
      Optional<HttpResponse<String>> answered = answer;
      Duration next = cap(answered.flatMap(WandbHttp::retryAfter)
          .or(() -> answered.flatMap(WandbHttp::rateLimitReset))
          .orElse(Duration.ofSeconds(1L << attempt)));
      int attempts = answered.isPresent() ? MAX_ATTEMPTS : MAX_CONNECT_ATTEMPTS;
      if (attempt + 1 >= attempts || waited.plus(next).compareTo(MAX_TOTAL_WAIT) > 0) {
        break;
      }
      log.info("{}; retrying in {} s", problem, next.toSeconds());
      waited = waited.plus(next);
      pause(next);
    }
    throw new IOException(problem + " (gave up after retries)");
  }

  private HttpRequest request(String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (apiKey != null) {
      request.header("Authorization", "Basic " + Base64.getEncoder()
          .encodeToString(("api:" + apiKey).getBytes(StandardCharsets.UTF_8)));
    }
    return request.build();
  }

  private static JsonNode data(HttpResponse<String> response) throws IOException {
    JsonNode reply = Json.parse(response.body());
    if (reply.path("errors").isArray() && !reply.path("errors").isEmpty()) {
      throw new IOException("W&B API error: " + reply.path("errors").get(0).path("message")
          .asText());
    }
    return reply.path("data");
  }

  private void pause(Duration duration) throws IOException {
    try {
      sleeper.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static Duration cap(Duration wait) {
    return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
  }

  /** {@code Retry-After} in seconds (the date form is not sent by W&B's API). */
  private static Optional<Duration> retryAfter(HttpResponse<String> response) {
    return seconds(response.headers().firstValue("Retry-After"));
  }

  /** {@code RateLimit-Reset}: seconds until the limit resets (IETF draft-polli-ratelimit-headers). */
  private static Optional<Duration> rateLimitReset(HttpResponse<String> response) {
    return seconds(response.headers().firstValue("RateLimit-Reset"));
  }

  private static double remaining(HttpResponse<String> response) {
    try {
      return Double.parseDouble(response.headers().firstValue("RateLimit-Remaining").orElse("1"));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  private static Optional<Duration> seconds(Optional<String> header) {
    try {
      return header.map(Double::parseDouble).filter(s -> s >= 0)
          .map(s -> Duration.ofMillis(Math.round(s * 1000)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
