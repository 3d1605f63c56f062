package dev.grounded.core;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Writes rows off the request thread: {@link #record} only queues the row (no I/O on the request's
 * path) and, when no write is under way, starts one on the executor passed in, which writes
 * everything queued in batches of up to {@value #BATCH} rows until the queue is empty. No thread of
 * its own. {@link #flush} writes what is queued on the caller's thread; {@link #close} flushes, and
 * rows recorded after it are written at once, so a clean shutdown loses none. A failed write (the
 * disk is full) is reported on {@code errors} and its rows are kept for the next write. Rows are
 * written in the order they were queued, except that a failed batch is retried after the rows
 * queued meanwhile. Thread-safe.
 *
 * @param <T> the row
 */
public final class QueuedWriter<T> implements AutoCloseable {
  public static final int BATCH = 512;

  private final String what;
  private final Consumer<List<T>> batchWriter;
  private final Runnable afterWrite;
  private final Executor executor;
  private final PrintStream errors;
  private final Duration linger;
  private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final ReentrantLock writing = new ReentrantLock();
  private volatile boolean closed;

  /**
   * @param what names the rows in error messages ("ledger rows")
   * @param batchWriter writes one batch, all or none (a transaction); throws when it cannot
   * @param afterWrite runs after each write that emptied the queue (housekeeping such as pruning)
   * @param linger how long a write waits after its first row so that rows arriving meanwhile share
   *     its batch; only for an executor of its own, as the wait occupies its thread
   */
  public QueuedWriter(
      String what,
      Consumer<List<T>> batchWriter,
      Runnable afterWrite,
      Executor executor,
      Duration linger,
      PrintStream errors) {
    this.what = Objects.requireNonNull(what, "what");
    this.batchWriter = Objects.requireNonNull(batchWriter, "batchWriter");
    this.afterWrite = Objects.requireNonNull(afterWrite, "afterWrite");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.linger = Objects.requireNonNull(linger, "linger");
    if (linger.isNegative()) throw new IllegalArgumentException("linger must be >= 0");
    this.errors = Objects.requireNonNull(errors, "errors");
  }

  /** Queues {@code row}; written soon on the executor (at once after {@link #close}). */
  public void record(T row) {
    queue.add(Objects.requireNonNull(row, "row"));
    if (closed) flush();
    else if (scheduled.compareAndSet(false, true)) executor.execute(this::drain);
  }

  /** Writes every row queued so far before returning; false when a write failed. */
  public boolean flush() {
    writing.lock();
    try {
      return writeQueued();
    } finally {
      writing.unlock();
    }
  }

  private void drain() {
    if (linger.isPositive()) {
      try {
        Thread.sleep(linger);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // write now: shutting down
      }
    }
    while (true) {
      boolean written = flush();
      scheduled.set(false);
      if (!written) return; // retried by the next record, flush or close
      // a row queued after the last write and before the flag was cleared found it set: take it
      if (queue.isEmpty() || !scheduled.compareAndSet(false, true)) return;
    }
  }

  private boolean writeQueued() {
    while (!queue.isEmpty()) {
      List<T> batch = new ArrayList<>(Math.min(BATCH, 64));
      for (T e; batch.size() < BATCH && (e = queue.poll()) != null; ) batch.add(e);
      try {
        batchWriter.accept(batch);
      } catch (RuntimeException e) {
        queue.addAll(batch); // kept for the next write
        errors.println(
            "grounded: cannot write " + batch.size() + " " + what + ": " + e.getMessage());
        errors.flush();
        return false;
      }
    }
    afterWrite.run();
    return true;
  }

  /** Rows recorded and not written yet. */
  public int pending() {
    return queue.size();
  }

  /** Writes what is queued; later rows are written as they are recorded. */
  @Override
  public void close() {
    closed = true;
    flush();
  }
}
