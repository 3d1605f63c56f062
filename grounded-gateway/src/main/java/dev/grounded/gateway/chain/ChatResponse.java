package dev.grounded.gateway.chain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * What the chain returns: a whole completion, or a stream of chunks for a request with {@code
 * stream: true}.
 */
public sealed interface ChatResponse {

  /**
   * A complete {@code chat.completion}, kept as the upstream's JSON (tool calls, refusals and
   * fields Grounded does not know pass through), and its usage.
   */
  record Completion(ObjectNode body, Usage usage) implements ChatResponse {
    public Completion {
      body = OwnedJson.of(Objects.requireNonNull(body, "body"));
      Objects.requireNonNull(usage, "usage");
    }

    /** The completion JSON as compact text (what the server sends), without copying it. */
    public String json() {
      return body.toString();
    }

    /** The same completion under another {@code model} name (what an alias does): one copy. */
    public Completion withModel(String model) {
      ObjectNode copy = OwnedJson.copy(body);
      copy.put("model", Objects.requireNonNull(model, "model"));
      return new Completion(copy, usage);
    }

    /** A copy: the record stays immutable. */
    @Override
    public ObjectNode body() {
      return body.deepCopy();
    }
  }

  /**
   * A completion still arriving. Whoever receives it must drain or close the stream. By the time a
   * provider returns one, the upstream has answered 200 and sent its first chunk, so failures that
   * can still be retried have already surfaced as exceptions.
   */
  record Streaming(ChunkStream chunks) implements ChatResponse {
    public Streaming {
      Objects.requireNonNull(chunks, "chunks");
    }
  }
}
