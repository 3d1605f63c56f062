package dev.grounded.gateway.cache;

import dev.grounded.gateway.chain.ChunkStream;
import dev.grounded.gateway.chain.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Passes an upstream stream on unchanged while keeping its chunks; when it ends well ({@link
 * #next()} returned empty) hands them to {@code onComplete}. A stream that fails, is closed early,
 * or grows past {@code maxChars} is passed on all the same but never handed over.
 */
final class RecordingStream implements ChunkStream {
  private final ChunkStream upstream;
  private final Consumer<List<String>> onComplete;
  private final long maxChars;
  private List<String> chunks = new ArrayList<>();
  private long chars;

  RecordingStream(ChunkStream upstream, long maxChars, Consumer<List<String>> onComplete) {
    this.upstream = upstream;
    this.maxChars = maxChars;
    this.onComplete = onComplete;
  }

  @Override
  public Optional<String> next() {
    Optional<String> next;
    try {
      next = upstream.next();
    } catch (RuntimeException e) {
      chunks = null; // a failed stream is never stored
      throw e;
    }
    if (chunks == null) return next;
    if (next.isEmpty()) {
      List<String> done = chunks;
      chunks = null;
      onComplete.accept(done);
    } else {
      chars += next.get().length();
      if (chars > maxChars) chunks = null;
      else chunks.add(next.get());
    }
    return next;
  }

  @Override
  public Optional<Usage> usage() {
    return upstream.usage();
  }

  @Override
  public void close() {
    chunks = null;
    upstream.close();
  }
}
