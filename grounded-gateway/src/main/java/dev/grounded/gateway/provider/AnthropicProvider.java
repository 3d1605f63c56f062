package dev.grounded.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.Deadline;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Anthropic's Messages API ({@code POST {baseUrl}/v1/messages}, {@code anthropic-version:
 * 2023-06-01}, key in {@code x-api-key}) behind the OpenAI chat protocol: the request is translated
 * by {@link AnthropicRequests}, a reply by {@link AnthropicResponses}, a stream event by event by
 * {@link AnthropicStream}; error statuses (Anthropic's {@code {"type":"error","error":
 * {"type","message"}}}, 529 overloaded included) are mapped by {@link UpstreamErrors} exactly as
 * for OpenAI. Deadlines as in {@link OpenAiCompatibleProvider}: connect is the client's, the head
 * and first chunk of a stream must come within {@link ProviderConfig#firstTokenTimeout()},
 * everything ends by the request's deadline.
 */
public final class AnthropicProvider implements Provider {
  /** The API version sent with every request. */
  public static final String VERSION = "2023-06-01";

  /** {@code max_tokens} when the caller sets none (Anthropic requires it). */
  public static final int DEFAULT_MAX_TOKENS = 4096;

  private final ProviderConfig config;
  private final HttpClient http;
  private final String apiKey;
  private final int defaultMaxTokens;
  private final URI messages;

  /**
   * @param config {@code baseUrl} is the API root, e.g. {@code https://api.anthropic.com}
   * @param env where the key named by {@code config.apiKeyEnv()} is looked up
   * @param defaultMaxTokens {@code max_tokens} for requests that set none
   */
  public AnthropicProvider(
      ProviderConfig config, HttpClient http, Map<String, String> env, int defaultMaxTokens) {
    this.config = Objects.requireNonNull(config, "config");
    this.http = Exchanges.requireConnectTimeout(config, http);
    if (defaultMaxTokens < 1)
      throw new IllegalArgumentException("provider " + config.name() + ": defaultMaxTokens < 1");
    this.apiKey = Exchanges.apiKey(config, env);
    this.defaultMaxTokens = defaultMaxTokens;
    this.messages = URI.create(config.baseUrl().toString().replaceAll("/+$", "") + "/v1/messages");
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    Exchanges.requireKey(config, apiKey);
    JsonNode openAi = request.body();
    String body = AnthropicRequests.translate(openAi, defaultMaxTokens).toString();
    Optional<String> jsonTool = AnthropicRequests.jsonTool(openAi);
    if (request.deadline().passed()) throw UpstreamErrors.deadline(config.name(), "a connection");
    return request.stream() ? stream(request, body, jsonTool) : complete(request, body, jsonTool);
  }

  private ChatResponse complete(ChatRequest request, String body, Optional<String> jsonTool) {
    Deadline deadline = request.deadline();
    JsonNode message = Exchanges.json(http, httpRequest(body, false, deadline), deadline, config);
    if (!AnthropicResponses.isMessage(message))
      throw UpstreamErrors.malformed(config.name(), "the reply is not a message");
    return new ChatResponse.Completion(
        AnthropicResponses.completion(message, jsonTool),
        AnthropicResponses.usage(message.path("usage")));
  }

  private ChatResponse stream(ChatRequest request, String body, Optional<String> jsonTool) {
    Deadline firstBy = request.deadline().earlier(Deadline.after(config.firstTokenTimeout()));
    SseStream sse =
        Exchanges.stream(
            http, httpRequest(body, true, firstBy), firstBy, request.deadline(), config);
    AnthropicStream chunks = new AnthropicStream(config.name(), sse, jsonTool);
    try {
      chunks.awaitFirst(firstBy);
    } catch (RuntimeException e) {
      chunks.close();
      throw e;
    }
    return new ChatResponse.Streaming(chunks);
  }

  private HttpRequest httpRequest(String body, boolean stream, Deadline by) {
    HttpRequest.Builder b =
        Exchanges.request(messages)
            .timeout(by.remaining().plusMillis(1))
            .header("Content-Type", "application/json")
            .header("anthropic-version", VERSION)
            .header("Accept", stream ? "text/event-stream" : "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (!apiKey.isEmpty()) b.header("x-api-key", apiKey);
    return b.build();
  }
}
