package dev.grounded.gateway.structured;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.gateway.chain.ChatResponse.Completion;
import dev.grounded.gateway.chain.Usage;
import java.util.Optional;

/** Reading and rewriting the first choice of a {@code chat.completion}. */
final class Replies {
  private Replies() {}

  /** The first choice's message text; empty when it has none (tool calls, a refusal). */
  static Optional<String> content(Completion c) {
    JsonNode content = c.body().path("choices").path(0).path("message").path("content");
    return content.isTextual() ? Optional.of(content.asText()) : Optional.empty();
  }

  /** The first choice's {@code finish_reason}, empty when there is none. */
  static String finishReason(Completion c) {
    return c.body().path("choices").path(0).path("finish_reason").asText("");
  }

  /**
   * {@code c} with the first choice's text replaced by {@code text} and the usage (record and JSON)
   * replaced by {@code usage}, all calls of the loop together.
   */
  static Completion answer(Completion c, String text, Usage usage) {
    ObjectNode body = c.body();
    ((ObjectNode) body.path("choices").path(0).path("message")).put("content", text);
    if (!usage.equals(c.usage()) && body.path("usage").isObject())
      ((ObjectNode) body.get("usage"))
          .put("prompt_tokens", usage.promptTokens())
          .put("completion_tokens", usage.completionTokens())
          .put("total_tokens", usage.totalTokens());
    return new Completion(body, usage);
  }

  static Usage plus(Usage a, Usage b) {
    return new Usage(
        a.promptTokens() + b.promptTokens(), a.completionTokens() + b.completionTokens());
  }
}
