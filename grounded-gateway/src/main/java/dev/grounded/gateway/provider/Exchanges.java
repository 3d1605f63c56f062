package dev.grounded.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP exchange every provider makes: the API key from the environment, a JSON reply, a stream
 * whose head and first event are awaited; every wait bounded, cancelled on time-out, errors mapped
 * by {@link UpstreamErrors}. Providers differ only in the request they build and how they read the
 * reply.
 */
final class Exchanges {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Exchanges() {}

  /**
   * A request builder for {@code uri}. A plain-http upstream (a local server: vLLM, Ollama,
   * llama.cpp) is spoken to in HTTP/1.1: with the client's default version the JDK asks every
   * request on such a connection to upgrade to h2c ({@code Connection: Upgrade, HTTP2-Settings},
   * {@code Upgrade: h2c}), which these servers never accept. https keeps HTTP/2 (by ALPN).
   */
  static HttpRequest.Builder request(URI uri) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri);
    return "http".equalsIgnoreCase(uri.getScheme()) ? b.version(HttpClient.Version.HTTP_1_1) : b;
  }

  /** {@code http}, refused when it has no connect timeout (without one a connect can hang). */
  static HttpClient requireConnectTimeout(ProviderConfig config, HttpClient http) {
    Objects.requireNonNull(http, "http");
    if (http.connectTimeout().isEmpty())
      throw new IllegalArgumentException(
          "provider "
              + config.name()
              + ": the HttpClient needs a connectTimeout (without one a connect can hang for"
              + " minutes)");
    return http;
  }

  /** The key in the variable the configuration names, or "" when it names none or it is unset. */
  static String apiKey(ProviderConfig config, Map<String, String> env) {
    String var = config.apiKeyEnv();
    return var.isEmpty() ? "" : Objects.requireNonNullElse(env.get(var), "").strip();
  }

  /** Fails a call when the configuration names a key variable that is not set. */
  static void requireKey(ProviderConfig config, String apiKey) {
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
  }

  /** Sends {@code request} and returns its 200 reply parsed as JSON, by the request's deadline. */
  static JsonNode json(
      HttpClient http, HttpRequest request, Deadline deadline, ProviderConfig config) {
    HttpResponse<String> response =
        await(
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()),
            deadline,
            deadline,
            "the response",
            config);
    if (response.statusCode() != 200)
      throw UpstreamErrors.status(
          config.name(), response.statusCode(), response.headers(), response.body());
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw UpstreamErrors.malformed(config.name(), "the reply is not JSON");
    }
  }

  /**
   * Sends {@code request} and returns its event stream once the 200 head and the first event have
   * come, by {@code firstBy}; a non-200 head is the upstream's error. On any failure the exchange
   * is cancelled: nothing is left running after a failed attempt.
   */
  static SseStream stream(
      HttpClient http,
      HttpRequest request,
      Deadline firstBy,
      Deadline deadline,
      ProviderConfig config) {
    return stream(http, request, firstBy, deadline, config, false);
  }

  /**
   * As {@link #stream(HttpClient, HttpRequest, Deadline, Deadline, ProviderConfig)}; with {@code
   * dropUsageOnly} the usage-only chunk is read for its usage but not passed on (see {@link
   * SseStream#dropUsageOnlyChunk}).
   */
  static SseStream stream(
      HttpClient http,
      HttpRequest request,
      Deadline firstBy,
      Deadline deadline,
      ProviderConfig config,
      boolean dropUsageOnly) {
    CompletableFuture<HttpResponse.ResponseInfo> head = new CompletableFuture<>();
    CompletableFuture<HttpResponse<String>> exchange = new CompletableFuture<>();
    SseStream sse = new SseStream(config.name(), deadline, () -> exchange.cancel(true));
    if (dropUsageOnly) sse.dropUsageOnlyChunk();
    CompletableFuture<HttpResponse<String>> sent =
        http.sendAsync(
            request,
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
      HttpResponse.ResponseInfo info = await(head, firstBy, deadline, "the response", config);
      if (info.statusCode() != 200) {
        HttpResponse<String> r = await(exchange, deadline, deadline, "the body", config);
        throw UpstreamErrors.status(config.name(), r.statusCode(), r.headers(), r.body());
      }
      sse.awaitFirst(firstBy);
    } catch (RuntimeException e) {
      sse.close(); // cancels the exchange
      throw e;
    }
    return sse;
  }

  /**
   * Waits for {@code f} until {@code by}; on time-out cancels it. A time-out before the request's
   * own deadline is retriable (a slow first token); at the deadline it is not.
   */
  static <T> T await(
      Future<T> f, Deadline by, Deadline deadline, String waitingFor, ProviderConfig config) {
    try {
      return f.get(by.remaining().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      if (deadline.passed()) throw UpstreamErrors.deadline(config.name(), waitingFor);
      throw new UpstreamException(
          ErrorCode.UPSTREAM_ERROR,
          "provider " + config.name() + ": no response within " + config.firstTokenTimeout(),
          true,
          null,
          e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof GroundedException g) throw g;
      if (cause instanceof IOException io) {
        if (deadline.passed()) throw UpstreamErrors.deadline(config.name(), waitingFor);
        throw UpstreamErrors.io(config.name(), io);
      }
      throw UpstreamErrors.malformed(config.name(), "the call failed: " + cause);
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new GroundedException(ErrorCode.INTERNAL, "interrupted", null, e);
    }
  }
}
