package dev.grounded.gateway.ledger;

import dev.grounded.core.QueuedWriter;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Writes ledger rows off the request thread through a {@link QueuedWriter}: {@link #record} only
 * queues the row, a write on the executor passed in writes everything queued in transactions of up
 * to {@value QueuedWriter#BATCH} rows; {@link #close} flushes, so a clean shutdown loses none. A
 * failed write (the disk is full) is reported on {@code errors} and its rows are kept for the next
 * write. Also deletes rows older than the retention, at most once an hour. Thread-safe.
 */
public final class LedgerWriter implements LedgerSink, AutoCloseable {
  private static final Duration PRUNE_EVERY = Duration.ofHours(1);

  private final Ledger ledger;
  private final Executor executor;
  private final Duration retention;
  private final Clock clock;
  private final PrintStream errors;
  private final QueuedWriter<LedgerEntry> queue;
  private Instant prunedAt = Instant.MIN;

  /**
   * @param retention rows older than this are deleted; {@link Duration#ZERO} keeps them forever
   */
  public LedgerWriter(
      Ledger ledger, Executor executor, Duration retention, Clock clock, PrintStream errors) {
    this(ledger, executor, retention, clock, errors, Duration.ZERO);
  }

  private LedgerWriter(
      Ledger ledger,
      Executor executor,
      Duration retention,
      Clock clock,
      PrintStream errors,
      Duration linger) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.retention = Objects.requireNonNull(retention, "retention");
    if (retention.isNegative()) throw new IllegalArgumentException("retention must be >= 0");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.errors = Objects.requireNonNull(errors, "errors");
    this.queue =
        new QueuedWriter<>("ledger rows", ledger::recordAll, this::prune, executor, linger, errors);
  }

  /**
   * The same writer, waiting {@code linger} after the first row of a batch before writing it, so
   * that rows arriving meanwhile share its transaction (one commit per batch instead of one per
   * call at low rates). Only for an executor of its own: the wait occupies its thread.
   */
  public LedgerWriter withLinger(Duration linger) {
    return new LedgerWriter(ledger, executor, retention, clock, errors, linger);
  }

  @Override
  public void record(LedgerEntry entry) {
    queue.record(Objects.requireNonNull(entry, "entry"));
  }

  /** Writes every row queued so far before returning. */
  public void flush() {
    queue.flush();
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
    return queue.pending();
  }

  /** Writes what is queued; later rows are written as they are recorded. The ledger stays open. */
  @Override
  public void close() {
    queue.close();
  }
}
