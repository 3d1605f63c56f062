package dev.grounded.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.auth.Principal;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.ChunkStream;
import dev.grounded.gateway.chain.Deadline;
import dev.grounded.gateway.chain.RequestMetadata;
import dev.grounded.gateway.chain.StreamErrors;
import dev.grounded.gateway.chain.UpstreamException;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code POST /v1/chat/completions} for a configured upstream model: the request goes through the
 * {@link dev.grounded.gateway.Gateway} as the client sent it, with the caller's tenant, key id and
 * request id as its metadata. A completion is returned as the upstream's JSON; a stream is passed
 * on event by event, flushed as each arrives. A stream that fails after its first event ends with
 * OpenAI's mid-stream error event and no {@code [DONE]} (OpenAI's SDKs raise an error on it; a
 * stream ending in {@code [DONE]} would read as a complete answer).
 */
final class GatewayChat {
  private final UpstreamModels models;

  GatewayChat(UpstreamModels models) {
    this.models = models;
  }

  void handle(Context ctx, ObjectNode body) throws IOException {
    Principal p = Auth.principal(ctx);
    JsonNode user = body.get("user");
    RequestMetadata metadata =
        new RequestMetadata(
            RequestIds.of(ctx),
            p.tenant(),
            p.keyId().equals("-") ? "" : p.keyId(),
            user != null && user.isTextual() ? user.asText() : "");
    ChatRequest request = new ChatRequest(body, metadata, Deadline.after(models.timeout()));
    ChatResponse response;
    try {
      response = models.gateway().chat(request);
    } catch (UpstreamException e) {
      e.retryAfter()
          .ifPresent(d -> ctx.header("Retry-After", Long.toString(Math.max(1, d.toSeconds()))));
      throw e;
    }
    switch (response) {
      case ChatResponse.Completion c ->
          ctx.status(200).contentType("application/json").result(c.json());
      case ChatResponse.Streaming s -> stream(ctx, s.chunks());
    }
  }

  private static void stream(Context ctx, ChunkStream chunks) throws IOException {
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
        sse.data(next.get());
      }
      sse.data("[DONE]");
    }
  }
}
