package dev.grounded.ingest;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.index.LuceneIndex;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Serializes the writes to each collection. Writers of this process queue behind each other (for as
 * long as it takes, unless cancelled); a writer in another process (Lucene's write lock, a file
 * lock) is waited for up to {@code lockWait}, retrying, and then reported as {@code conflict}.
 * Thread-safe.
 */
final class CollectionLocks {
  /** How often a waiting writer looks again (at the other process's lock, at its cancellation). */
  static final long POLL_MILLIS = 100;

  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final Duration lockWait;

  CollectionLocks(Duration lockWait) {
    this.lockWait = Objects.requireNonNull(lockWait, "lockWait");
  }

  /** A wait for the collection was given up because its writer was cancelled. */
  static final class Cancelled extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Cancelled() {
      super("cancelled while waiting for the collection's lock", null, false, false);
    }
  }

  /** Runs {@code work} with the collection's index open for writing, closing it after. */
  <T> T withIndex(String key, Path indexPath, Function<LuceneIndex, T> work) {
    return withIndex(key, indexPath, () -> false, work);
  }

  /**
   * The same; {@code cancelled} is polled while waiting, and a wait cut short throws {@link
   * Cancelled}.
   */
  <T> T withIndex(
      String key, Path indexPath, BooleanSupplier cancelled, Function<LuceneIndex, T> work) {
    return locked(
        key,
        cancelled,
        () -> {
          try (LuceneIndex index = LuceneIndex.open(indexPath)) {
            return work.apply(index);
          }
        });
  }

  /** Runs {@code work} holding the collection's lock. */
  <T> T locked(String key, Supplier<T> work) {
    return locked(key, () -> false, work);
  }

  private <T> T locked(String key, BooleanSupplier cancelled, Supplier<T> work) {
    ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
    acquire(key, lock, cancelled);
    try {
      long deadline = System.nanoTime() + lockWait.toNanos();
      while (true) {
        try {
          return work.get();
        } catch (GroundedException e) {
          // only another process's writer makes the index (or its deletion) answer conflict
          if (e.code() != ErrorCode.CONFLICT) throw e;
          if (System.nanoTime() - deadline >= 0) throw busy(key, e);
        }
        pause(key, cancelled);
      }
    } finally {
      lock.unlock();
    }
  }

  private static void acquire(String key, ReentrantLock lock, BooleanSupplier cancelled) {
    try {
      while (!lock.tryLock(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        if (cancelled.getAsBoolean()) throw new Cancelled();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to write collection " + key, e);
    }
  }

  private static void pause(String key, BooleanSupplier cancelled) {
    if (cancelled.getAsBoolean()) throw new Cancelled();
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to write collection " + key, e);
    }
  }

  private GroundedException busy(String key, GroundedException cause) {
    return new GroundedException(
        ErrorCode.CONFLICT,
        "collection '"
            + CollectionId.parse(key).name()
            + "' is being written by another process (waited "
            + seconds(lockWait)
            + ", ingest.lock_wait); try again when it finishes",
        "collection",
        cause.getCause());
  }

  private static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0
        ? ms / 1000 + " s"
        : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
  }
}
