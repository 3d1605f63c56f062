package dev.grounded.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.Gateway;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.Deadline;
import dev.grounded.gateway.chain.RequestMetadata;
import dev.grounded.gateway.chain.Usage;
import dev.grounded.gateway.provider.OpenAiCompatibleProvider;
import dev.grounded.gateway.provider.Provider;
import dev.grounded.gateway.provider.ProviderConfig;
import dev.grounded.gateway.reliability.RetryPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * One model (an alias, or a model name the gateway's provider takes as is) called through a {@link
 * Gateway} with plain text messages: a non-streaming completion whose first choice's text is
 * returned with its usage. Each call is one request through the whole chain, so retries, fallbacks,
 * breakers, and caches, budgets and the ledger where the gateway has them, apply. Thread-safe; the
 * totals add up over every copy made by {@link #withMetadata}.
 */
public final class ChatModel {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A chat message. */
  public record Message(String role, String content) {
    public Message {
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(content, "content");
    }
  }

  /**
   * How to ask.
   *
   * @param temperature sampling temperature, in [0, 2]
   * @param jsonSchema constrains the reply ({@code response_format: json_schema}); null for none
   */
  public record Options(double temperature, JsonNode jsonSchema) {
    /** Temperature 0, free text. */
    public static final Options DEFAULT = new Options(0, null);

    public Options {
      if (!(temperature >= 0 && temperature <= 2))
        throw new IllegalArgumentException("temperature must be in [0, 2]: " + temperature);
    }
  }

  /** The first choice's text and the tokens the call used (zero when not reported). */
  public record Reply(String text, Usage usage) {
    public Reply {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(usage, "usage");
    }
  }

  /**
   * What the model's calls have used so far: replies returned, the tokens reported for them, and
   * upstream attempts beyond the first of each call (retries and fallbacks).
   */
  public record Totals(long calls, long promptTokens, long completionTokens, long retries) {}

  /** The provider's name in a gateway made by {@link #openAiCompatible}. */
  public static final String ENDPOINT_PROVIDER = "llm";

  private final Gateway gateway;
  private final String model;
  private final Duration timeout;
  private final Supplier<RequestMetadata> metadata;
  private final Counters counters;

  /**
   * A model called as the default tenant without key or user, each call under a fresh request id.
   *
   * @param model the alias or model name put in each request's {@code model}
   * @param timeout each call's total deadline, retries included
   */
  public ChatModel(Gateway gateway, String model, Duration timeout) {
    this(
        gateway,
        model,
        timeout,
        () -> RequestMetadata.anonymous("grounded-" + UUID.randomUUID()),
        new Counters());
  }

  private ChatModel(
      Gateway gateway,
      String model,
      Duration timeout,
      Supplier<RequestMetadata> metadata,
      Counters counters) {
    this.gateway = Objects.requireNonNull(gateway, "gateway");
    this.model = Objects.requireNonNull(model, "model");
    if (model.isBlank()) throw new IllegalArgumentException("model must not be blank");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero())
      throw new IllegalArgumentException("timeout must be > 0");
    this.metadata = Objects.requireNonNull(metadata, "metadata");
    this.counters = counters;
  }

  /**
   * A model of one OpenAI-compatible endpoint, named as the endpoint knows it (the settings {@code
   * llm.base_url} and {@code llm.api_key_env} before aliases existed): a gateway with that one
   * provider, named {@value #ENDPOINT_PROVIDER}, and {@code retry}.
   *
   * @param apiKeyEnv the variable holding the key; empty sends none
   * @param http must have a connect timeout
   */
  public static ChatModel openAiCompatible(
      URI baseUrl,
      String apiKeyEnv,
      Map<String, String> env,
      HttpClient http,
      RetryPolicy retry,
      String model,
      Duration timeout) {
    Provider provider =
        new OpenAiCompatibleProvider(
            new ProviderConfig(ENDPOINT_PROVIDER, baseUrl, apiKeyEnv, timeout), http, env);
    return new ChatModel(Gateway.builder().provider(provider).retry(retry).build(), model, timeout);
  }

  /**
   * The same model called on behalf of one inbound request: every call carries {@code m}'s tenant,
   * key, user, request id and headers (budgets, caches and the ledger key on them). Shares the
   * totals.
   */
  public ChatModel withMetadata(RequestMetadata m) {
    Objects.requireNonNull(m, "metadata");
    return new ChatModel(gateway, model, timeout, () -> m, counters);
  }

  public String model() {
    return model;
  }

  /** Asks the model; upstream failures surface as the gateway's errors (after its retries). */
  public Reply complete(List<Message> messages, Options options) {
    if (messages.isEmpty()) throw new IllegalArgumentException("messages must not be empty");
    ObjectNode body = JSON.createObjectNode();
    body.put("model", model);
    ArrayNode msgs = body.putArray("messages");
    for (Message m : messages) msgs.addObject().put("role", m.role()).put("content", m.content());
    body.put("temperature", options.temperature());
    if (options.jsonSchema() != null) {
      ObjectNode format = body.putObject("response_format");
      format.put("type", "json_schema");
      ObjectNode schema = format.putObject("json_schema");
      schema.put("name", "verdict");
      schema.set("schema", options.jsonSchema());
    }
    RequestMetadata m = metadata.get();
    int before = m.notes().attempts();
    ChatResponse response;
    try {
      response = gateway.chat(new ChatRequest(body, m, Deadline.after(timeout)));
    } catch (GroundedException e) {
      throw asUpstream(e);
    } finally {
      counters.retries.add(Math.max(0, m.notes().attempts() - before - 1));
    }
    if (!(response instanceof ChatResponse.Completion c)) {
      if (response instanceof ChatResponse.Streaming s) s.chunks().close();
      throw new GroundedException(
          ErrorCode.UPSTREAM_ERROR, "model " + model + " streamed a reply to a plain request");
    }
    JsonNode content = c.body().path("choices").path(0).path("message").path("content");
    if (!content.isTextual())
      throw new GroundedException(
          ErrorCode.UPSTREAM_ERROR,
          "model " + model + ": the reply has no choices[0].message.content");
    counters.calls.increment();
    counters.promptTokens.add(c.usage().promptTokens());
    counters.completionTokens.add(c.usage().completionTokens());
    return new Reply(content.asText(), c.usage());
  }

  /**
   * An upstream's refusal of Grounded's own request (a 400 such as a content filter, an unknown
   * model) is not the caller's bad input: it is reported as {@code upstream_error}, naming the
   * model.
   */
  private GroundedException asUpstream(GroundedException e) {
    if (e.code() != ErrorCode.INVALID_REQUEST && e.code() != ErrorCode.MODEL_NOT_FOUND) return e;
    return new GroundedException(
        ErrorCode.UPSTREAM_ERROR, "model " + model + ": " + e.getMessage(), null, e);
  }

  /** Totals over every call made through this model and its copies. */
  public Totals totals() {
    return new Totals(
        counters.calls.sum(),
        counters.promptTokens.sum(),
        counters.completionTokens.sum(),
        counters.retries.sum());
  }

  private static final class Counters {
    final LongAdder calls = new LongAdder();
    final LongAdder promptTokens = new LongAdder();
    final LongAdder completionTokens = new LongAdder();
    final LongAdder retries = new LongAdder();
  }
}
