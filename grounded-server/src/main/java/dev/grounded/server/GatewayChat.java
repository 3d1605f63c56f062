package dev.grounded.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.auth.Principal;
import dev.grounded.gateway.chain.CallNotes;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.ChunkStream;
import dev.grounded.gateway.chain.Deadline;
import dev.grounded.gateway.chain.RequestMetadata;
import dev.grounded.gateway.chain.StreamErrors;
import dev.grounded.gateway.chain.UpstreamException;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /v1/chat/completions} for a configured upstream model: the request goes through the
 * {@link dev.grounded.gateway.Gateway} as the client sent it, with the caller's tenant, key id and
 * request id as its metadata, and its {@code x-grounded-*} headers for the routing rules. The reply
 * (completion or every stream chunk) names the model the client asked for (the alias), not the
 * upstream's. A completion is returned as the upstream's JSON; a stream is passed on event by
 * event, flushed as each arrives. A stream that fails after its first event ends with OpenAI's
 * mid-stream error event and no {@code [DONE]} (OpenAI's SDKs raise an error on it; a stream ending
 * in {@code [DONE]} would read as a complete answer).
 */
final class GatewayChat {
  /** How the cache answered: {@code hit}, {@code semantic}, {@code miss} or {@code bypass}. */
  /** What the guard stage did to the request: {@code flag:pii.email, redact:secret.api_key}. */
  static final String GUARD_HEADER = "x-grounded-guard";

  static final String CACHE_HEADER = "x-grounded-cache";

  /** The registry version of the alias that answered ({@code fast@2}), when one applied. */
  static final String MODEL_VERSION_HEADER = "x-grounded-model-version";

  private final UpstreamModels models;

  GatewayChat(UpstreamModels models) {
    this.models = models;
  }

  void handle(Context ctx, ObjectNode body) throws IOException {
    String asked = body.path("model").asText();
    switch (call(ctx, body)) {
      case ChatResponse.Completion c ->
          // the alias the client asked for, not the upstream's name
          ctx.status(200).contentType("application/json").result(c.withModel(asked).json());
      case ChatResponse.Streaming s -> stream(ctx, s.chunks(), asked);
    }
  }

  /**
   * Runs the OpenAI-shaped {@code body} through the gateway as the caller's request (also for
   * {@link MessagesRoutes}); an upstream's {@code Retry-After} is copied onto the response.
   */
  ChatResponse call(Context ctx, ObjectNode body) {
    Principal p = Auth.principal(ctx);
    JsonNode user = body.get("user");
    RequestMetadata metadata =
        new RequestMetadata(
            RequestIds.of(ctx),
            p.tenant(),
            p.keyId().equals("-") ? "" : p.keyId(),
            user != null && user.isTextual() ? user.asText() : "",
            groundedHeaders(ctx),
            new CallNotes());
    PromptRequests.used(ctx).ifPresent(metadata.notes()::prompt);
    ChatRequest request = new ChatRequest(body, metadata, Deadline.after(models.timeout()));
    ChatResponse response;
    try {
      response = models.gateway().chat(request);
    } catch (UpstreamException e) {
      e.retryAfter()
          .ifPresent(d -> ctx.header("Retry-After", Long.toString(Math.max(1, d.toSeconds()))));
      throw e;
    }
    // before the first byte, so a stream carries it too
    if (models.cache() != null) ctx.header(CACHE_HEADER, metadata.notes().cache().header());
    String aliasVersion = metadata.notes().aliasVersion();
    if (!aliasVersion.isEmpty()) ctx.header(MODEL_VERSION_HEADER, aliasVersion);
    List<String> guarded = metadata.notes().guard();
    if (!guarded.isEmpty()) ctx.header(GUARD_HEADER, String.join(", ", guarded));
    return response;
  }

  /**
   * The caller's {@code x-grounded-*} headers, names lower-case, for the stages (the cache reads
   * {@code x-grounded-cache} and {@code x-grounded-prompt-version}).
   */
  static Map<String, String> groundedHeaders(Context ctx) {
    Map<String, String> out = new HashMap<>();
    for (Map.Entry<String, String> h : ctx.headerMap().entrySet()) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      if (name.startsWith("x-grounded-")) out.put(name, h.getValue());
    }
    return out;
  }

  private static void stream(Context ctx, ChunkStream chunks, String asked) throws IOException {
    try (chunks;
        Sse sse = new Sse(ctx)) {
      while (true) {
        Optional<String> next;
        try {
          next = chunks.next();
        } catch (GroundedException e) {
          sse.data(StreamErrors.event(e));
          return; // no [DONE]: the answer is incomplete
        }
        if (next.isEmpty()) break;
        sse.data(renamed(next.get(), asked));
      }
      sse.data("[DONE]");
    }
  }

  /** The chunk with {@code model} set to the name the client asked for. */
  private static String renamed(String payload, String asked) {
    try {
      if (Json.MAPPER.readTree(payload) instanceof ObjectNode o && o.has("model")) {
        o.put("model", asked);
        return o.toString();
      }
    } catch (IOException e) {
      // providers refuse malformed chunks; pass anything else on unchanged
    }
    return payload;
  }
}
