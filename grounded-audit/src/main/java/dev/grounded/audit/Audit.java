package dev.grounded.audit;

import dev.grounded.audit.log.AskAudit;
import dev.grounded.audit.log.AuditLog;
import dev.grounded.audit.log.AuditOptions;
import dev.grounded.audit.log.AuditSink;
import dev.grounded.audit.log.AuditWriter;
import dev.grounded.audit.log.GatewayAudit;
import dev.grounded.audit.log.TextHasher;
import dev.grounded.audit.provenance.Provenance;
import dev.grounded.audit.review.ReviewStore;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.guard.provenance.SigningKey;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The audit log of a data directory, opened for a process that writes it: the instance's keys
 * ({@code keys/instance.ed25519} signs checkpoints and provenance, {@code keys/audit.hmac} hashes
 * texts and user names; both made on first use), the log in {@code grounded.db}, and a writer on a
 * platform thread of its own. {@link #close} writes what is queued, signs the head and closes.
 */
public final class Audit implements AutoCloseable {
  /** Records queued within this of each other share one transaction. */
  static final Duration LINGER = Duration.ofMillis(50);

  private final AuditLog log;
  private final AuditWriter writer;
  private final ExecutorService thread;
  private final PrintStream errors;
  private final ReviewStore reviews;

  private Audit(
      AuditLog log,
      AuditWriter writer,
      ExecutorService thread,
      PrintStream errors,
      ReviewStore reviews) {
    this.log = log;
    this.writer = writer;
    this.thread = thread;
    this.errors = errors;
    this.reviews = reviews;
  }

  /** The instance's signing key in {@code dataDir}, made on first use. */
  public static SigningKey instanceKey(Path dataDir) {
    try {
      return SigningKey.readOrCreate(dataDir.resolve("keys").resolve("instance.ed25519"));
    } catch (IOException e) {
      throw new GroundedException(
          ErrorCode.STORAGE_ERROR,
          "cannot read or create the instance key: " + e.getMessage(),
          "data",
          e);
    }
  }

  /** The instance's text hasher in {@code dataDir}, made on first use. */
  public static TextHasher textHasher(Path dataDir) {
    try {
      return TextHasher.readOrCreate(dataDir.resolve("keys").resolve("audit.hmac"));
    } catch (IOException e) {
      throw new GroundedException(
          ErrorCode.STORAGE_ERROR,
          "cannot read or create the audit key: " + e.getMessage(),
          "data",
          e);
    }
  }

  /** Opens the log of {@code dataDir} (its database {@code database}) without a writer: to read. */
  public static AuditLog openLog(Path dataDir, Path database, AuditOptions options) {
    return AuditLog.open(
        database, instanceKey(dataDir), textHasher(dataDir), options, Clock.systemUTC());
  }

  /** Opens the log of {@code dataDir} for writing. */
  public static Audit open(Path dataDir, Path database, AuditOptions options, PrintStream errors) {
    Objects.requireNonNull(errors, "errors");
    AuditLog log = openLog(dataDir, database, options);
    // a platform thread: SQLite's native calls would pin a virtual thread's carrier
    ExecutorService thread =
        Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("grounded-audit").factory());
    ReviewStore reviews;
    try {
      reviews = ReviewStore.open(database);
    } catch (RuntimeException e) {
      thread.shutdownNow();
      log.close();
      throw e;
    }
    return new Audit(log, new AuditWriter(log, thread, LINGER, errors), thread, errors, reviews);
  }

  /** Feedback and the review queue. */
  public ReviewStore reviews() {
    return reviews;
  }

  public AuditLog log() {
    return log;
  }

  /** Where records go (queued, written off the caller's thread). */
  public AuditSink sink() {
    return writer;
  }

  /** The observer that audits the gateway's calls (give it to the ledger stage). */
  public GatewayAudit gateway() {
    return new GatewayAudit(writer, errors);
  }

  /**
   * Audits grounded answers and signs their provenance, looking documents' versions up in {@code
   * documents}.
   */
  public AskAudit asks(Provenance.Documents documents) {
    return new AskAudit(writer, log.hasher(), log.key(), documents, Clock.systemUTC(), errors)
        .withReviews(reviews);
  }

  /** Writes every queued record before returning. */
  public void flush() {
    writer.flush();
  }

  @Override
  public void close() {
    try {
      writer.close();
    } finally {
      thread.shutdownNow();
      try {
        thread.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      log.close();
      reviews.close();
    }
  }
}
