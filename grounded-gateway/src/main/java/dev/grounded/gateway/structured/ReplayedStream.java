package dev.grounded.gateway.structured;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.gateway.chain.ChatResponse.Completion;
import dev.grounded.gateway.chain.ChunkStream;
import dev.grounded.gateway.chain.Usage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * A checked completion sent to a streaming caller as OpenAI would stream it: one chunk with the
 * role and the whole text, one with the finish reason, then (when the request asked with {@code
 * stream_options.include_usage}) one with the usage and no choices.
 */
final class ReplayedStream implements ChunkStream {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Iterator<String> chunks;
  private final Usage usage;
  private boolean closed;

  ReplayedStream(Completion c, boolean includeUsage) {
    this.usage = c.usage();
    ObjectNode body = c.body();
    JsonNode choice = body.path("choices").path(0);
    ObjectNode delta = JSON.createObjectNode();
    delta.put("role", "assistant");
    delta.set("content", choice.path("message").path("content"));
    List<String> out = new ArrayList<>();
    out.add(chunk(body, delta, null).toString());
    out.add(chunk(body, JSON.createObjectNode(), choice.path("finish_reason")).toString());
    if (includeUsage && body.has("usage")) {
      ObjectNode last = chunk(body, null, null);
      last.set("usage", body.get("usage"));
      out.add(last.toString());
    }
    this.chunks = out.iterator();
  }

  private static ObjectNode chunk(ObjectNode body, ObjectNode delta, JsonNode finish) {
    ObjectNode c = JSON.createObjectNode();
    c.set("id", body.path("id"));
    c.put("object", "chat.completion.chunk");
    c.set("created", body.path("created"));
    c.set("model", body.path("model"));
    var choices = c.putArray("choices");
    if (delta != null) {
      ObjectNode ch = choices.addObject().put("index", 0);
      ch.set("delta", delta);
      if (finish == null || !finish.isTextual()) ch.putNull("finish_reason");
      else ch.set("finish_reason", finish);
    }
    return c;
  }

  @Override
  public Optional<String> next() {
    return !closed && chunks.hasNext() ? Optional.of(chunks.next()) : Optional.empty();
  }

  @Override
  public Optional<Usage> usage() {
    return Optional.of(usage);
  }

  @Override
  public void close() {
    closed = true;
  }
}
