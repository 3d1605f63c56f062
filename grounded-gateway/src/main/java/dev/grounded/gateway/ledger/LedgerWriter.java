package dev.grounded.gateway.ledger;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes ledger rows off the request thread: {@link #record} only queues the row (no I/O on the
 * request's path) and, when no write is under way, starts one on the executor passed in, which
 * writes everything queued in transactions of up to {@value #BATCH} rows until the queue is empty.
 * No thread of its own. {@link #flush} writes what is queued on the caller's thread; {@link #close}
 * flushes, and rows recorded after it are written at once, so a clean shutdown loses none. A failed
 * write (the disk is full) is reported on {@code errors} and its rows are kept for the next write.
 * Also deletes rows older than the retention, at most once an hour. Thread-safe.
 */
public final class LedgerWriter implements LedgerSink, AutoCloseable {
  static final int BATCH = 512;
  private static final Duration PRUNE_EVERY = Duration.ofHours(1);

  private final Ledger ledger;
  private final Executor executor;
  private final Duration retention;
  private final Clock clock;
  private final PrintStream errors;
  private final ConcurrentLinkedQueue<LedgerEntry> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final ReentrantLock writing = new ReentrantLock();
  private final Duration linger;
  private volatile boolean closed;
  private Instant prunedAt = Instant.MIN;

  /**
   * @param retention rows older than this are deleted; {@link Duration#ZERO} keeps them forever
   */
  public LedgerWriter(
      Ledger ledger, Executor executor, Duration retention, Clock clock, PrintStream errors) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.retention = Objects.requireNonNull(retention, "retention");
    if (retention.isNegative()) throw new IllegalArgumentException("retention must be >= 0");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.errors = Objects.requireNonNull(errors, "errors");
    this.linger = Duration.ZERO;
  }

  private LedgerWriter(LedgerWriter w, Duration linger) {
    this.ledger = w.ledger;
    this.executor = w.executor;
    this.retention = w.retention;
    this.clock = w.clock;
    this.errors = w.errors;
    this.linger = linger;
  }

  /**
   * The same writer, waiting {@code linger} after the first row of a batch before writing it, so
   * that rows arriving meanwhile share its transaction (one commit per batch instead of one per
   * call at low rates). Only for an executor of its own: the wait occupies its thread.
   */
  public LedgerWriter withLinger(Duration linger) {
    if (linger.isNegative()) throw new IllegalArgumentException("linger must be >= 0");
    return new LedgerWriter(this, linger);
  }

  @Override
  public void record(LedgerEntry entry) {
    queue.add(Objects.requireNonNull(entry, "entry"));
    if (closed) flush();
    else if (scheduled.compareAndSet(false, true)) executor.execute(this::drain);
  }

  /** Writes every row queued so far before returning. */
  public void flush() {
    write();
  }

  /** Whether everything queued was written. */
  private boolean write() {
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
      boolean written = write();
      scheduled.set(false);
      if (!written) return; // retried by the next record, flush or close
      // a row queued after the last write and before the flag was cleared found it set: take it
      if (queue.isEmpty() || !scheduled.compareAndSet(false, true)) return;
    }
  }

  private boolean writeQueued() {
    while (!queue.isEmpty()) {
      List<LedgerEntry> batch = new ArrayList<>(Math.min(BATCH, 64));
      for (LedgerEntry e; batch.size() < BATCH && (e = queue.poll()) != null; ) batch.add(e);
      try {
        ledger.recordAll(batch);
      } catch (RuntimeException e) {
        queue.addAll(batch); // kept for the next write
        errors.println(
            "grounded: cannot write " + batch.size() + " ledger rows: " + e.getMessage());
        errors.flush();
        return false;
      }
    }
    prune();
    return true;
  }

  private void prune() {
    if (retention.isZero()) return;
    Instant now = clock.instant();
    if (Duration.between(prunedAt, now).compareTo(PRUNE_EVERY) < 0) return;
    prunedAt = now;
    try {
      ledger.deleteBefore(now.minus(retention));
    } catch (RuntimeException e) {
      errors.println("grounded: cannot delete old ledger rows: " + e.getMessage());
      errors.flush();
    }
  }

  /** Rows recorded and not written yet. */
  int pending() {
    return queue.size();
  }

  /** Writes what is queued; later rows are written as they are recorded. The ledger stays open. */
  @Override
  public void close() {
    closed = true;
    flush();
  }
}
