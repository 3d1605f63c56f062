package dev.grounded.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.ChunkStream;
import dev.grounded.gateway.chain.Deadline;
import dev.grounded.gateway.chain.Usage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.Objects;

/**
 * Any server speaking OpenAI's {@code POST /chat/completions} (OpenAI, vLLM, Ollama, llama.cpp, LM
 * Studio, Grounded). The request JSON goes upstream as the caller sent it; a streamed answer is
 * passed on event by event ({@link SseStream}); errors are mapped by {@link UpstreamErrors}.
 *
 * <p>Deadlines: connect is the {@link HttpClient}'s {@code connectTimeout} (required); the response
 * head and first chunk of a stream must arrive within {@link ProviderConfig#firstTokenTimeout()};
 * everything ends by the request's deadline, after which the exchange is cancelled. The client's
 * executor runs the I/O; this class starts no threads.
 */
public final class OpenAiCompatibleProvider implements Provider {
  private final ProviderConfig config;
  private final HttpClient http;
  private final String apiKey;
  private final URI endpoint;

  /**
   * @param env where the key is looked up ({@code System.getenv()} in production)
   * @throws IllegalArgumentException when {@code http} has no connect timeout
   */
  public OpenAiCompatibleProvider(ProviderConfig config, HttpClient http, Map<String, String> env) {
    this.config = Objects.requireNonNull(config, "config");
    this.http = Exchanges.requireConnectTimeout(config, http);
    this.apiKey = Exchanges.apiKey(config, env);
    this.endpoint = config.chatCompletions();
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    Exchanges.requireKey(config, apiKey);
    Deadline deadline = request.deadline();
    if (deadline.passed()) throw UpstreamErrors.deadline(config.name(), "a connection");
    return request.stream() ? stream(request) : complete(request);
  }

  private ChatResponse complete(ChatRequest request) {
    Deadline deadline = request.deadline();
    JsonNode body = Exchanges.json(http, httpRequest(request, deadline), deadline, config);
    if (body == null || !body.isObject() || !body.path("choices").isArray())
      throw UpstreamErrors.malformed(config.name(), "the reply has no choices");
    JsonNode usage = body.path("usage");
    return new ChatResponse.Completion(
        (ObjectNode) body,
        new Usage(
            Math.max(0, usage.path("prompt_tokens").asLong(0)),
            Math.max(0, usage.path("completion_tokens").asLong(0))));
  }

  /**
   * Streams with {@code stream_options.include_usage} set, so the upstream reports the tokens on a
   * last, usage-only chunk ({@link ChunkStream#usage()}); when the caller did not ask for it, that
   * chunk is dropped and the caller sees exactly the stream it asked for.
   */
  private ChatResponse stream(ChatRequest request) {
    Deadline firstBy = request.deadline().earlier(Deadline.after(config.firstTokenTimeout()));
    ObjectNode body = request.body();
    boolean asked = body.path("stream_options").path("include_usage").asBoolean(false);
    if (!asked) {
      JsonNode options = body.get("stream_options");
      ObjectNode o = options instanceof ObjectNode on ? on : body.putObject("stream_options");
      o.put("include_usage", true);
    }
    return new ChatResponse.Streaming(
        Exchanges.stream(
            http,
            httpRequest(request, body.toString(), firstBy),
            firstBy,
            request.deadline(),
            config,
            !asked));
  }

  private HttpRequest httpRequest(ChatRequest request, Deadline by) {
    return httpRequest(request, request.json(), by);
  }

  private HttpRequest httpRequest(ChatRequest request, String json, Deadline by) {
    HttpRequest.Builder b =
        Exchanges.request(endpoint)
            .timeout(by.remaining().plusMillis(1))
            .header("Content-Type", "application/json")
            .header("Accept", request.stream() ? "text/event-stream" : "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (!apiKey.isEmpty()) b.header("Authorization", "Bearer " + apiKey);
    return b.build();
  }
}
