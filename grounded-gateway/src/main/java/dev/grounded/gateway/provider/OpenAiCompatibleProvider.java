package dev.grounded.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.Deadline;
import dev.grounded.gateway.chain.UpstreamException;
import dev.grounded.gateway.chain.Usage;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

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
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ProviderConfig config;
  private final HttpClient http;
  private final String apiKey;

  /**
   * @param env where the key is looked up ({@code System.getenv()} in production)
   * @throws IllegalArgumentException when {@code http} has no connect timeout
   */
  public OpenAiCompatibleProvider(ProviderConfig config, HttpClient http, Map<String, String> env) {
    this.config = Objects.requireNonNull(config, "config");
    this.http = Objects.requireNonNull(http, "http");
    if (http.connectTimeout().isEmpty())
      throw new IllegalArgumentException(
          "provider "
              + config.name()
              + ": the HttpClient needs a connectTimeout (without one a connect can hang for"
              + " minutes)");
    String env0 = config.apiKeyEnv();
    this.apiKey = env0.isEmpty() ? "" : Objects.requireNonNullElse(env.get(env0), "").strip();
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
    Deadline deadline = request.deadline();
    if (deadline.passed()) throw UpstreamErrors.deadline(config.name(), "a connection");
    return request.stream() ? stream(request) : complete(request);
  }

  private ChatResponse complete(ChatRequest request) {
    Deadline deadline = request.deadline();
    HttpResponse<String> response =
        await(
            http.sendAsync(httpRequest(request, deadline), HttpResponse.BodyHandlers.ofString()),
            deadline,
            deadline,
            "the response");
    if (response.statusCode() != 200)
      throw UpstreamErrors.status(
          config.name(), response.statusCode(), response.headers(), response.body());
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      throw UpstreamErrors.malformed(config.name(), "the reply is not JSON");
    }
    if (body == null || !body.isObject() || !body.path("choices").isArray())
      throw UpstreamErrors.malformed(config.name(), "the reply has no choices");
    JsonNode usage = body.path("usage");
    return new ChatResponse.Completion(
        (ObjectNode) body,
        new Usage(
            Math.max(0, usage.path("prompt_tokens").asLong(0)),
            Math.max(0, usage.path("completion_tokens").asLong(0))));
  }

  private ChatResponse stream(ChatRequest request) {
    Deadline firstBy = request.deadline().earlier(Deadline.after(config.firstTokenTimeout()));
    CompletableFuture<HttpResponse.ResponseInfo> head = new CompletableFuture<>();
    CompletableFuture<HttpResponse<String>> exchange = new CompletableFuture<>();
    SseStream sse = new SseStream(config.name(), request.deadline(), () -> exchange.cancel(true));
    CompletableFuture<HttpResponse<String>> sent =
        http.sendAsync(
            httpRequest(request, firstBy),
            info -> {
              head.complete(info);
              return info.statusCode() == 200
                  ? BodySubscribers.fromLineSubscriber(sse, s -> "", StandardCharsets.UTF_8, null)
                  : BodySubscribers.ofString(StandardCharsets.UTF_8);
            });
    sent.whenComplete(
        (r, t) -> {
          if (t == null) {
            exchange.complete(r);
          } else {
            head.completeExceptionally(t); // a refused or reset connection never sends a head
            exchange.completeExceptionally(t);
          }
        });
    exchange.whenComplete((r, t) -> sent.cancel(true)); // a cancel reaches the HTTP exchange
    try {
      HttpResponse.ResponseInfo info = await(head, firstBy, request.deadline(), "the response");
      if (info.statusCode() != 200) {
        HttpResponse<String> r =
            await(exchange, request.deadline(), request.deadline(), "the body");
        throw UpstreamErrors.status(config.name(), r.statusCode(), r.headers(), r.body());
      }
      sse.awaitFirst(firstBy);
    } catch (RuntimeException e) {
      sse.close(); // cancels the exchange: nothing is left running after a failed attempt
      throw e;
    }
    return new ChatResponse.Streaming(sse);
  }

  private HttpRequest httpRequest(ChatRequest request, Deadline by) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(config.chatCompletions())
            .timeout(by.remaining().plusMillis(1))
            .header("Content-Type", "application/json")
            .header("Accept", request.stream() ? "text/event-stream" : "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(request.body().toString()));
    if (!apiKey.isEmpty()) b.header("Authorization", "Bearer " + apiKey);
    return b.build();
  }

  private <T> T await(Future<T> f, Deadline by, Deadline deadline, String waitingFor) {
    return Exchanges.await(f, by, deadline, waitingFor, config);
  }
}
