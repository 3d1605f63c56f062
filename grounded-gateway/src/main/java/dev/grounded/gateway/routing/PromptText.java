package dev.grounded.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;

/** The text of chat messages, as rules see it: string content, or the text parts of an array. */
final class PromptText {
  private PromptText() {}

  /** The text of the last message with role {@code user}; empty when there is none. */
  static String lastUserMessage(JsonNode messages) {
    for (int i = messages.size() - 1; i >= 0; i--)
      if ("user".equals(messages.get(i).path("role").asText())) return text(messages.get(i));
    return "";
  }

  /** Characters of text over every message. */
  static long length(JsonNode messages) {
    long n = 0;
    for (JsonNode m : messages) n += text(m).length();
    return n;
  }

  private static String text(JsonNode message) {
    JsonNode content = message.path("content");
    if (content.isTextual()) return content.asText();
    StringBuilder text = new StringBuilder();
    for (JsonNode part : content)
      if ("text".equals(part.path("type").asText())) {
        if (!text.isEmpty()) text.append('\n');
        text.append(part.path("text").asText());
      }
    return text.toString();
  }
}
