package dev.grounded.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grounded.core.ErrorCode;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.Deadline;
import dev.grounded.gateway.chain.UpstreamException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

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

  private static final ObjectMapper JSON = new ObjectMapper();

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
    this.http = Objects.requireNonNull(http, "http");
    if (http.connectTimeout().isEmpty())
      throw new IllegalArgumentException(
          "provider " + config.name() + ": the HttpClient needs a connectTimeout");
    if (defaultMaxTokens < 1)
      throw new IllegalArgumentException("provider " + config.name() + ": defaultMaxTokens < 1");
    String var = config.apiKeyEnv();
    this.apiKey = var.isEmpty() ? "" : Objects.requireNonNullElse(env.get(var), "").strip();
    this.defaultMaxTokens = defaultMaxTokens;
    this.messages = URI.create(config.baseUrl().toString().replaceAll("/+$", "") + "/v1/messages");
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    if (!config.apiKeyEnv().isEmpty() && apiKey.isEmpty())
      throw new UpstreamException(
          ErrorCode.UPSTREAM_ERROR,
          "provider "
              + config.name()
              + ": the environment variable "
              + config.apiKeyEnv()
              + " that should hold its API key is not set",
          false,
          null,
          null);
    JsonNode openAi = request.body();
    String body = AnthropicRequests.translate(openAi, defaultMaxTokens).toString();
    Optional<String> jsonTool = AnthropicRequests.jsonTool(openAi);
    if (request.deadline().passed()) throw UpstreamErrors.deadline(config.name(), "a connection");
    return request.stream() ? stream(request, body, jsonTool) : complete(request, body, jsonTool);
  }

  private ChatResponse complete(ChatRequest request, String body, Optional<String> jsonTool) {
    Deadline deadline = request.deadline();
    HttpResponse<String> response =
        await(
            http.sendAsync(
                httpRequest(body, false, deadline), HttpResponse.BodyHandlers.ofString()),
            deadline,
            deadline,
            "the response");
    if (response.statusCode() != 200)
      throw UpstreamErrors.status(
          config.name(), response.statusCode(), response.headers(), response.body());
    JsonNode message;
    try {
      message = JSON.readTree(response.body());
    } catch (IOException e) {
      throw UpstreamErrors.malformed(config.name(), "the reply is not JSON");
    }
    if (!AnthropicResponses.isMessage(message))
      throw UpstreamErrors.malformed(config.name(), "the reply is not a message");
    return new ChatResponse.Completion(
        AnthropicResponses.completion(message, jsonTool),
        AnthropicResponses.usage(message.path("usage")));
  }

  private ChatResponse stream(ChatRequest request, String body, Optional<String> jsonTool) {
    Deadline firstBy = request.deadline().earlier(Deadline.after(config.firstTokenTimeout()));
    CompletableFuture<HttpResponse.ResponseInfo> head = new CompletableFuture<>();
    CompletableFuture<HttpResponse<String>> exchange = new CompletableFuture<>();
    SseStream sse = new SseStream(config.name(), request.deadline(), () -> exchange.cancel(true));
    CompletableFuture<HttpResponse<String>> sent =
        http.sendAsync(
            httpRequest(body, true, firstBy),
            info -> {
              head.complete(info);
              return info.statusCode() == 200
                  ? BodySubscribers.fromLineSubscriber(sse, s -> "", StandardCharsets.UTF_8, null)
                  : BodySubscribers.ofString(StandardCharsets.UTF_8);
            });
    sent.whenComplete(
        (r, t) -> {
          if (t == null) exchange.complete(r);
          else {
            head.completeExceptionally(t);
            exchange.completeExceptionally(t);
          }
        });
    exchange.whenComplete((r, t) -> sent.cancel(true));
    AnthropicStream chunks = new AnthropicStream(config.name(), sse, jsonTool);
    try {
      HttpResponse.ResponseInfo info = await(head, firstBy, request.deadline(), "the response");
      if (info.statusCode() != 200) {
        HttpResponse<String> r =
            await(exchange, request.deadline(), request.deadline(), "the body");
        throw UpstreamErrors.status(config.name(), r.statusCode(), r.headers(), r.body());
      }
      sse.awaitFirst(firstBy);
      chunks.awaitFirst(firstBy);
    } catch (RuntimeException e) {
      chunks.close();
      throw e;
    }
    return new ChatResponse.Streaming(chunks);
  }

  private HttpRequest httpRequest(String body, boolean stream, Deadline by) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(messages)
            .timeout(by.remaining().plusMillis(1))
            .header("Content-Type", "application/json")
            .header("anthropic-version", VERSION)
            .header("Accept", stream ? "text/event-stream" : "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (!apiKey.isEmpty()) b.header("x-api-key", apiKey);
    return b.build();
  }

  private <T> T await(Future<T> f, Deadline by, Deadline deadline, String waitingFor) {
    return Exchanges.await(f, by, deadline, waitingFor, config);
  }
}
