package dev.grounded.gateway.chain;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A stream that tells a stage, once, how it ended: read to its end, failed, or closed before its
 * end (the client went away). What the budget stage settles on and the ledger records; everything
 * else is passed through unchanged.
 */
public final class ObservedStream implements ChunkStream {
  /** How a stream ended. */
  public enum End {
    /** {@link #next()} returned empty: the upstream finished the answer. */
    COMPLETE,
    /** {@link #next()} threw: the answer is incomplete. */
    FAILED,
    /** Closed before its end. */
    CLOSED
  }

  /** Called once, on the thread that ended the stream. */
  public interface OnEnd {
    /**
     * @param end how it ended
     * @param usage the upstream's usage report, when it sent one
     * @param failure the error for {@link End#FAILED}
     */
    void ended(End end, Optional<Usage> usage, Optional<GroundedException> failure);
  }

  private final ChunkStream inner;
  private final OnEnd onEnd;
  private final AtomicBoolean ended = new AtomicBoolean();

  public ObservedStream(ChunkStream inner, OnEnd onEnd) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.onEnd = Objects.requireNonNull(onEnd, "onEnd");
  }

  @Override
  public Optional<String> next() {
    Optional<String> chunk;
    try {
      chunk = inner.next();
    } catch (GroundedException e) {
      end(End.FAILED, Optional.of(e));
      throw e;
    } catch (RuntimeException e) {
      end(
          End.FAILED,
          Optional.of(new GroundedException(ErrorCode.INTERNAL, "stream failed", null, e)));
      throw e;
    }
    if (chunk.isEmpty()) end(End.COMPLETE, Optional.empty());
    return chunk;
  }

  @Override
  public Optional<Usage> usage() {
    return inner.usage();
  }

  @Override
  public void close() {
    try {
      inner.close();
    } finally {
      end(End.CLOSED, Optional.empty());
    }
  }

  private void end(End end, Optional<GroundedException> failure) {
    if (ended.compareAndSet(false, true)) onEnd.ended(end, inner.usage(), failure);
  }
}
