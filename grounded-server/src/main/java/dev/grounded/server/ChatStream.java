package dev.grounded.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.Answer;
import io.javalin.http.Context;
import java.io.IOException;

/**
 * A chat completion as OpenAI streams it: {@code chat.completion.chunk} events (role, content
 * deltas, finish reason), the usage chunk when {@code stream_options.include_usage} is set, then
 * one chunk with empty {@code choices} carrying the {@code grounded} citations, then {@code
 * [DONE]}.
 */
final class ChatStream {
  private final Context ctx;
  private final String id;
  private final long created;
  private final ChatRequest req;
  private final Completion completion;
  private final Answer answer;
  private final Answering.Answered answered;

  ChatStream(
      Context ctx,
      String id,
      long created,
      ChatRequest req,
      Completion completion,
      Answering.Answered answered) {
    this.ctx = ctx;
    this.id = id;
    this.created = created;
    this.req = req;
    this.completion = completion;
    this.answer = answered.answer();
    this.answered = answered;
  }

  void send() throws IOException {
    try (Sse sse = new Sse(ctx)) {
      for (int i = 0; i < req.n(); i++) {
        ObjectNode role = Json.object();
        role.put("role", "assistant");
        role.put("content", "");
        sse.data(Json.string(chunk(i, role, null)));
        for (String piece : ChatCompletions.deltas(completion.content())) {
          ObjectNode delta = Json.object();
          delta.put("content", piece);
          sse.data(Json.string(chunk(i, delta, null)));
        }
        sse.data(Json.string(chunk(i, Json.object(), completion.finishReason())));
      }
      if (req.includeUsage()) {
        ObjectNode usage = base();
        usage.putArray("choices");
        usage.set("usage", completion.usage(req.n()));
        sse.data(Json.string(usage));
      }
      ObjectNode grounded = base();
      grounded.putArray("choices");
      if (req.includeUsage()) grounded.putNull("usage");
      grounded.set("grounded", Views.grounding(answered));
      sse.data(Json.string(grounded));
      sse.data("[DONE]");
    }
  }

  private ObjectNode base() {
    ObjectNode o = Json.object();
    o.put("id", id);
    o.put("object", "chat.completion.chunk");
    o.put("created", created);
    o.put("model", req.model());
    o.putNull("system_fingerprint");
    return o;
  }

  private ObjectNode chunk(int index, ObjectNode delta, String finishReason) {
    ObjectNode o = base();
    ArrayNode choices = o.putArray("choices");
    ObjectNode c = choices.addObject();
    c.put("index", index);
    c.set("delta", delta);
    c.putNull("logprobs");
    if (finishReason == null) c.putNull("finish_reason");
    else c.put("finish_reason", finishReason);
    if (req.includeUsage()) o.putNull("usage");
    return o;
  }
}
