package dev.grounded.ingest;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.index.LuceneIndex;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Serializes the writes to each collection within this process: a second ingest or delete waits for
 * the first instead of failing on Lucene's write lock. A writer in another process is reported as
 * {@code conflict}. Thread-safe.
 */
final class CollectionLocks {
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  /** Runs {@code work} with the collection's index open for writing, closing it after. */
  <T> T withIndex(String key, Path indexPath, Function<LuceneIndex, T> work) {
    return locked(
        key,
        () -> {
          try (LuceneIndex index = LuceneIndex.open(indexPath)) {
            return work.apply(index);
          }
        });
  }

  /** Runs {@code work} holding the collection's lock. */
  <T> T locked(String key, Supplier<T> work) {
    ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
    try {
      lock.lockInterruptibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to write collection " + key, e);
    }
    try {
      return work.get();
    } catch (GroundedException e) {
      if (e.code() != ErrorCode.CONFLICT) throw e;
      throw new GroundedException(
          ErrorCode.CONFLICT,
          "collection '"
              + CollectionId.parse(key).name()
              + "' is being written by another process; try again when it finishes",
          "collection",
          e.getCause());
    } finally {
      lock.unlock();
    }
  }
}
