package dev.grounded.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.Answer;
import dev.grounded.core.TokenCounter;

/**
 * The text a chat completion returns, after {@code response_format}, {@code stop} and {@code
 * max_tokens} are applied, with its finish reason and token counts.
 */
record Completion(String content, String finishReason, int promptTokens, int completionTokens) {
  static Completion of(Answer answer, ChatRequest req, TokenCounter tokens) {
    String content =
        req.responseFormat().equals("json_object")
            ? ChatCompletions.jsonContent(answer)
            : answer.text();
    String finish = "stop";
    for (String s : req.stop()) {
      int at = s.isEmpty() ? -1 : content.indexOf(s);
      if (at >= 0) content = content.substring(0, at);
    }
    if (req.maxTokens() != null && tokens.count(content) > req.maxTokens()) {
      content = truncate(content, req.maxTokens(), tokens);
      finish = "length";
    }
    int prompt = tokens.count(req.promptText());
    return new Completion(content, finish, prompt, tokens.count(content));
  }

  /** The longest prefix, cut at a space, of at most {@code max} tokens. */
  private static String truncate(String text, int max, TokenCounter tokens) {
    int best = 0;
    int lo = 0;
    int i = text.indexOf(' ');
    while (i >= 0) {
      if (tokens.count(text.substring(0, i)) > max) break;
      best = i;
      lo = i + 1;
      i = text.indexOf(' ', lo);
    }
    if (best == 0 && tokens.count(text) <= max) return text;
    return text.substring(0, best);
  }

  ObjectNode usage(int choices) {
    ObjectNode u = Json.object();
    u.put("prompt_tokens", promptTokens);
    u.put("completion_tokens", completionTokens * choices);
    u.put("total_tokens", promptTokens + completionTokens * choices);
    return u;
  }
}
