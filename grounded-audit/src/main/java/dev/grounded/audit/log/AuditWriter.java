package dev.grounded.audit.log;

import dev.grounded.core.QueuedWriter;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Appends audit records off the request thread through a {@link QueuedWriter}: records queued
 * within {@code linger} of each other share one transaction; a failed write keeps its records for
 * the next; {@link #close} writes what is queued and signs the head. Thread-safe.
 */
public final class AuditWriter implements AuditSink, AutoCloseable {
  private final AuditLog log;
  private final QueuedWriter<AuditEntry> queue;

  public AuditWriter(AuditLog log, Executor executor, Duration linger, PrintStream errors) {
    this.log = Objects.requireNonNull(log, "log");
    this.queue =
        new QueuedWriter<>("audit records", log::appendAll, () -> {}, executor, linger, errors);
  }

  @Override
  public void record(AuditEntry entry) {
    queue.record(entry);
  }

  /** Writes every record queued so far before returning. */
  public void flush() {
    queue.flush();
  }

  /** Writes what is queued and signs the chain's head; later records are written at once. */
  @Override
  public void close() {
    queue.close();
    try {
      log.checkpoint();
    } catch (RuntimeException e) {
      // the records are written; an unsigned tail is signed by the next writer
    }
  }
}
