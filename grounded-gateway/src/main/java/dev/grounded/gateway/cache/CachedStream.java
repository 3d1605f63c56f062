package dev.grounded.gateway.cache;

import dev.grounded.gateway.chain.ChunkStream;
import dev.grounded.gateway.chain.Usage;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** A cached answer streamed back: its synthesized chunks, no upstream, no tokens spent. */
final class CachedStream implements ChunkStream {
  private final Iterator<String> chunks;
  private boolean closed;

  CachedStream(List<String> chunks) {
    this.chunks = List.copyOf(chunks).iterator();
  }

  @Override
  public Optional<String> next() {
    return !closed && chunks.hasNext() ? Optional.of(chunks.next()) : Optional.empty();
  }

  @Override
  public Optional<Usage> usage() {
    return Optional.of(Usage.NONE);
  }

  @Override
  public void close() {
    closed = true;
  }
}
