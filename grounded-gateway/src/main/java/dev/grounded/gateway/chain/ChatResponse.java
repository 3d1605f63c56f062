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
      body = Objects.requireNonNull(body, "body").deepCopy();
      Objects.requireNonNull(usage, "usage");
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
