package dev.grounded.gateway.upstream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * A minimal client of an OpenAI-compatible {@code POST /chat/completions}: one non-streaming
 * completion, optionally constrained by a JSON schema ({@code response_format: json_schema}). Rate
 * limits (429), server errors (5xx) and broken connections are retried with exponential back-off,
 * honouring {@code Retry-After}; other errors fail at once with the upstream's message.
 * Thread-safe.
 */
public final class ChatClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A chat message. */
  public record Message(String role, String content) {
    public Message {
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(content, "content");
    }
  }

  /** The first choice's content and the tokens the call used (0 when not reported). */
  public record Completion(String content, int promptTokens, int completionTokens) {}

  /**
   * What a client has used so far: completions returned, tokens the upstream reported for them, and
   * retried attempts (rate limits, server errors, broken connections).
   */
  public record Usage(long calls, long promptTokens, long completionTokens, long retries) {}

  private final LongAdder calls = new LongAdder();
  private final LongAdder promptTokens = new LongAdder();
  private final LongAdder completionTokens = new LongAdder();
  private final LongAdder retries = new LongAdder();

  private final URI completions;
  private final String apiKey;
  private final HttpClient http;
  private final Duration timeout;
  private final int maxRetries;

  /**
   * @param baseUrl the API base, e.g. {@code http://localhost:8080/v1} ({@code /chat/completions}
   *     is appended)
   * @param apiKey sent as a bearer token; null or blank sends none
   */
  public ChatClient(URI baseUrl, String apiKey, HttpClient http, Duration timeout, int maxRetries) {
    String base = Objects.requireNonNull(baseUrl, "baseUrl").toString();
    this.completions = URI.create(base.replaceAll("/+$", "") + "/chat/completions");
    this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
    this.http = Objects.requireNonNull(http, "http");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (maxRetries < 0) throw new IllegalArgumentException("maxRetries must be >= 0");
    this.maxRetries = maxRetries;
  }

  public Completion complete(
      String model, List<Message> messages, double temperature, JsonNode jsonSchema) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", model);
    ArrayNode msgs = body.putArray("messages");
    for (Message m : messages) msgs.addObject().put("role", m.role()).put("content", m.content());
    body.put("temperature", temperature);
    if (jsonSchema != null) {
      ObjectNode format = body.putObject("response_format");
      format.put("type", "json_schema");
      ObjectNode schema = format.putObject("json_schema");
      schema.put("name", "verdict");
      schema.set("schema", jsonSchema);
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(completions)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (apiKey != null) request.header("Authorization", "Bearer " + apiKey);
    for (int attempt = 0; ; attempt++) {
      HttpResponse<String> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        if (attempt < maxRetries) {
          retries.increment();
          pause(attempt, null);
          continue;
        }
        throw new GroundedException(
            ErrorCode.UPSTREAM_ERROR,
            completions + ": " + describe(e) + " (after " + (attempt + 1) + " attempts)",
            null,
            e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new GroundedException(ErrorCode.INTERNAL, "interrupted", null, e);
      }
      int status = response.statusCode();
      if (status == 200) {
        Completion c = parse(response.body());
        calls.increment();
        promptTokens.add(c.promptTokens());
        completionTokens.add(c.completionTokens());
        return c;
      }
      boolean retriable = status == 429 || status >= 500;
      if (retriable && attempt < maxRetries) {
        retries.increment();
        pause(attempt, response.headers().firstValue("Retry-After").orElse(null));
        continue;
      }
      throw new GroundedException(
          status == 429 ? ErrorCode.RATE_LIMITED : ErrorCode.UPSTREAM_ERROR,
          completions + " answered " + status + ": " + errorMessage(response.body()));
    }
  }

  /** Totals since the client was made. */
  public Usage usage() {
    return new Usage(calls.sum(), promptTokens.sum(), completionTokens.sum(), retries.sum());
  }

  private Completion parse(String body) {
    try {
      JsonNode root = JSON.readTree(body);
      JsonNode content = root.path("choices").path(0).path("message").path("content");
      if (!content.isTextual())
        throw new GroundedException(
            ErrorCode.UPSTREAM_ERROR,
            completions + ": the reply has no choices[0].message.content");
      JsonNode usage = root.path("usage");
      return new Completion(
          content.asText(),
          usage.path("prompt_tokens").asInt(0),
          usage.path("completion_tokens").asInt(0));
    } catch (JsonProcessingException e) {
      throw new GroundedException(
          ErrorCode.UPSTREAM_ERROR, completions + ": the reply is not JSON", null, e);
    }
  }

  /** An I/O failure in words: a refused connection has no message of its own. */
  static String describe(IOException e) {
    if (e instanceof java.net.ConnectException) return "cannot connect";
    if (e instanceof java.net.http.HttpTimeoutException) return "timed out";
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  /** The OpenAI error shape's message, else the body's start. */
  static String errorMessage(String body) {
    try {
      JsonNode m = JSON.readTree(body).path("error").path("message");
      if (m.isTextual()) return m.asText();
    } catch (JsonProcessingException | RuntimeException e) {
      // not the OpenAI shape
    }
    return body.length() > 200 ? body.substring(0, 200) + "..." : body;
  }

  private static void pause(int attempt, String retryAfter) {
    long millis = 250L << Math.min(attempt, 5);
    if (retryAfter != null) {
      try {
        millis =
            Math.max(0, Math.min(10_000, (long) (Double.parseDouble(retryAfter.trim()) * 1000)));
      } catch (NumberFormatException e) {
        // an HTTP date: keep the back-off
      }
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GroundedException(ErrorCode.INTERNAL, "interrupted", null, e);
    }
  }
}
