package dev.grounded.gateway.chain;

import java.util.Optional;

/**
 * A streamed completion, pulled one server-sent event at a time: each {@link #next()} returns the
 * {@code data:} payload of the upstream's next event (a {@code chat.completion.chunk} JSON) as it
 * arrived, without buffering the rest. The closing {@code [DONE]} is not returned: the stream ends
 * with {@link Optional#empty()}.
 *
 * <p>When the upstream fails after the stream began (connection reset, cut, malformed chunk, an
 * error event, the request's deadline passing), {@code next()} throws a {@link
 * dev.grounded.core.GroundedException} once; the stream is then over and a server ends its response
 * with {@link StreamErrors#event} rather than retrying into the same response. One consumer thread;
 * {@link #close()} may be called at any time to abandon the stream and free the connection.
 */
public interface ChunkStream extends AutoCloseable {

  /** Blocks until the next payload, at most until the request's deadline. */
  Optional<String> next();

  /**
   * The tokens the upstream reported for the whole stream, known once {@link #next()} returned
   * empty; empty before that and when the upstream reported none. Budgets and the ledger settle on
   * it.
   */
  default Optional<Usage> usage() {
    return Optional.empty();
  }

  /** Abandons the stream; idempotent. */
  @Override
  void close();
}
