package dev.grounded.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.ChunkStream;
import dev.grounded.gateway.messages.MessagesErrors;
import dev.grounded.gateway.messages.MessagesReply;
import dev.grounded.gateway.messages.MessagesRequest;
import dev.grounded.gateway.messages.MessagesStream;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Anthropic's Messages API, {@code POST /v1/messages}, for the configured upstream models: the
 * request is translated into the chat completions shape ({@link MessagesRequest}), answered by the
 * same gateway chain as {@code /v1/chat/completions} ({@link GatewayChat#call}), and the reply
 * translated back: a {@code message} ({@link MessagesReply}), or for {@code stream: true}
 * Anthropic's server-sent events, each written and flushed as its chunk arrives ({@link
 * MessagesStream}). Errors on this path have Anthropic's shape ({@link #owns}, {@link ApiErrors});
 * the key may come as {@code x-api-key} ({@link Auth}); {@code anthropic-version} is accepted and
 * not checked.
 */
final class MessagesRoutes implements Routes {
  static final String PATH = "/v1/messages";
  private final Services services;
  private final GatewayChat chat;

  MessagesRoutes(Services services) {
    this.services = services;
    this.chat = new GatewayChat(services.upstream());
  }

  @Override
  public void register(RoutesConfig r) {
    r.post(PATH, this::messages);
  }

  /** Whether {@code ctx} is a Messages API request, whose errors take Anthropic's shape. */
  static boolean owns(Context ctx) {
    return ctx.path().equals(PATH) || ctx.path().startsWith(PATH + "/");
  }

  /** Whether the caller is an Anthropic client (its SDKs send {@code anthropic-version}). */
  static boolean anthropicClient(Context ctx) {
    return ctx.header("anthropic-version") != null;
  }

  /** Anthropic's model list: the aliases {@code /v1/messages} serves, in one page. */
  static ObjectNode modelList(List<String> aliases, long created) {
    ObjectNode o = Json.object();
    ArrayNode data = o.putArray("data");
    for (String alias : aliases) data.add(model(alias, created));
    o.put("has_more", false);
    if (aliases.isEmpty()) o.putNull("first_id").putNull("last_id");
    else o.put("first_id", aliases.getFirst()).put("last_id", aliases.getLast());
    return o;
  }

  /** One model in Anthropic's shape. */
  static ObjectNode model(String id, long created) {
    return Json.object()
        .put("type", "model")
        .put("id", id)
        .put("display_name", id)
        .put("created_at", Instant.ofEpochSecond(created).toString());
  }

  /** An error in Anthropic's shape with the status of {@code code}. */
  static void error(Context ctx, ErrorCode code, String message) {
    Json.write(ctx, code.httpStatus(), MessagesErrors.body(code, message));
  }

  private void messages(Context ctx) throws IOException {
    ObjectNode body = MessagesRequest.toChat(Json.body(ctx).node());
    String model = body.get("model").asText();
    if (!services.upstream().serves(model)) throw ChatCompletions.modelNotFound(model);
    switch (chat.call(ctx, body)) {
      case ChatResponse.Completion c ->
          Json.write(ctx, 200, MessagesReply.message(c.body(), model));
      case ChatResponse.Streaming s -> stream(ctx, s.chunks(), model);
    }
  }

  private static void stream(Context ctx, ChunkStream chunks, String model) throws IOException {
    try (chunks;
        Sse sse = new Sse(ctx)) {
      MessagesStream.relay(
          chunks, model, RequestIds.random(12), (name, data) -> sse.send(name, Json.string(data)));
    }
  }
}
