package dev.metaopt.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;

/**
 * A lane's {@code workers.<lane>.llm} settings: an OpenAI-compatible chat-completions endpoint
 * (hosted, or a local vLLM / Ollama / llama.cpp server), the model, and the NAME of the
 * environment variable holding the API key — never the key itself.
 */
public record LlmSettings(URI baseUrl, String model, String apiKeyEnv, double temperature) {
  /** Reads the {@code llm} object of a lane's worker settings. */
  public static LlmSettings of(JsonNode llm) {
    String base = llm.path("base_url").asText();
    return new LlmSettings(URI.create(base.endsWith("/") ? base : base + "/"),
        llm.path("model").asText(), llm.path("api_key_env").asText(null),
        llm.path("temperature").asDouble(0.2));
  }

  /** The model-list endpoint, which every OpenAI-compatible server answers cheaply. */
  public URI models() {
    return baseUrl.resolve("models");
  }

  /** The chat-completions endpoint. */
  public URI completions() {
    return baseUrl.resolve("chat/completions");
  }
}
