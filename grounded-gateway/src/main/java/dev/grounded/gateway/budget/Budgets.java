package dev.grounded.gateway.budget;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Budgets and rate limits per scope, in the data directory's SQLite file ({@code grounded.db},
 * tables {@code budget_*}). {@link #reserve} checks every limit of every scope and records the hold
 * in one {@code BEGIN IMMEDIATE} transaction, so concurrent callers, in this process or in other
 * processes on the same file, can never together pass a limit.
 *
 * <p>Thread-safe: calls are serialized on one connection; processes are serialized by SQLite's
 * write lock (waiting up to 10 s for it).
 */
public final class Budgets implements AutoCloseable {
  /** How long an unsettled reservation holds its spend: longer than any request may take. */
  public static final Duration DEFAULT_RESERVATION_TTL = Duration.ofMinutes(15);

  private static final long PRUNE_INTERVAL_MS = 1_000;

  private final Connection db;
  private final Clock clock;
  private final Duration ttl;
  private final BudgetTables tables;
  private final RateLog rates;
  private long prunedAtMs = Long.MIN_VALUE / 2;
  private boolean closed;
  private final SpendQueue spendQueue = new SpendQueue(this::writeSpend);

  /**
   * How old the snapshot of which scopes have limits may be: limits another process sets (the CLI)
   * apply within this; this instance's own at once.
   */
  static final long LIMITED_REFRESH_MS = 1000;

  private record LimitedScopes(java.util.Set<Scope> scopes, long loadedAtMs) {}

  private volatile LimitedScopes limited;

  private Budgets(Connection db, Clock clock, Duration ttl) {
    this.db = db;
    this.clock = clock;
    this.ttl = ttl;
    this.tables = new BudgetTables(db);
    this.rates = new RateLog(db);
  }

  /**
   * Opens (creating if needed) the tables in {@code dbFile}, usually {@code <data>/grounded.db}.
   */
  public static Budgets open(Path dbFile) {
    return open(dbFile, Clock.systemUTC(), DEFAULT_RESERVATION_TTL);
  }

  /** As {@link #open(Path)}, with the clock that dates days, months and windows, and the TTL. */
  public static Budgets open(Path dbFile, Clock clock, Duration reservationTtl) {
    Objects.requireNonNull(dbFile, "dbFile");
    Objects.requireNonNull(clock, "clock");
    if (reservationTtl.isNegative() || reservationTtl.isZero())
      throw new IllegalArgumentException("the reservation TTL must be positive");
    Connection c = null;
    try {
      // WAL + NORMAL: a commit survives a crash of the process; a power loss may drop the last
      // few commits (never corrupts). Holds stay atomic either way; FULL triples reserve latency.
      c = dev.grounded.core.Sqlite.open(dbFile, "synchronous=NORMAL");
      BudgetTables.create(c);
      return new Budgets(c, clock, reservationTtl);
    } catch (Exception e) {
      if (c != null) {
        try {
          c.close();
        } catch (SQLException ignored) {
          // the original failure matters more
        }
      }
      throw new GroundedException(
          ErrorCode.STORAGE_ERROR, "cannot open " + dbFile + ": " + e.getMessage(), "data", e);
    }
  }

  /** Sets the limits of {@code scope}; {@link Limits#NONE} removes them. */
  public synchronized void setLimits(Scope scope, Limits limits) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(limits, "limits");
    inTransaction(
        () -> {
          tables.putLimits(scope, limits, now().toEpochMilli());
          return null;
        });
    limited = null;
  }

  /**
   * Whether any of {@code scopes} has limits, from a snapshot at most {@link #LIMITED_REFRESH_MS}
   * old. A call none of whose scopes has limits needs no reservation: its spend is only counted
   * ({@link #spendLater}).
   */
  public boolean limited(List<Scope> scopes) {
    LimitedScopes s = limited;
    long nowMs = clock.millis();
    if (s == null || nowMs - s.loadedAtMs() >= LIMITED_REFRESH_MS || nowMs < s.loadedAtMs()) {
      s = new LimitedScopes(java.util.Set.copyOf(allLimits().keySet()), nowMs);
      limited = s;
    }
    for (Scope scope : scopes) if (s.scopes().contains(scope)) return true;
    return false;
  }

  /**
   * Adds {@code micros} of spend to each of {@code scopes} (dated now) off the caller's thread, in
   * batches: for scopes without limits, whose totals only matter once a limit is set later. {@link
   * #usage} of this instance sees it at once; another process within moments.
   */
  public void spendLater(List<Scope> scopes, long micros) {
    if (micros < 0) throw new IllegalArgumentException("spend must be >= 0");
    if (micros == 0 || scopes.isEmpty()) return;
    Instant now = now();
    spendQueue.add(new SpendQueue.Spend(List.copyOf(scopes), day(now), month(now), micros));
  }

  private synchronized void writeSpend(List<SpendQueue.Spend> batch) {
    inTransaction(
        () -> {
          for (SpendQueue.Spend s : batch)
            for (Scope scope : s.scopes()) tables.addSpend(scope, s.day(), s.month(), s.micros());
          return null;
        });
  }

  /** The limits of {@code scope}, {@link Limits#NONE} when it has none. */
  public synchronized Limits limits(Scope scope) {
    Objects.requireNonNull(scope, "scope");
    ensureOpen();
    return call(() -> tables.limits(scope));
  }

  /** Every scope that has limits, with them, ordered by {@link Scope#key()}. */
  public synchronized java.util.Map<Scope, Limits> allLimits() {
    ensureOpen();
    return call(tables::allLimits);
  }

  /** What {@code scope} has used as of now. */
  public synchronized Usage usage(Scope scope) {
    Objects.requireNonNull(scope, "scope");
    ensureOpen();
    spendQueue.drain();
    Instant now = now();
    long nowMs = now.toEpochMilli();
    return call(
        () ->
            new Usage(
                tables.spend(scope, day(now)),
                tables.spend(scope, month(now)),
                tables.reserved(scope, "day", day(now), nowMs),
                tables.reserved(scope, "month", month(now), nowMs),
                rates.requests(scope, nowMs),
                rates.tokens(scope, nowMs)));
  }

  /**
   * Holds {@code worstCaseMicros} of spend and {@code tokens} (prompt plus maximum output) against
   * every limit of every scope, and counts one request, atomically. Throws {@link LimitExceeded}
   * (BUDGET_EXCEEDED before RATE_LIMITED; the latest Retry-After among the limits of that kind)
   * when any limit would be passed, holding nothing; throws {@code invalid_request} when {@code
   * tokens} alone exceed a tpm limit, since waiting cannot help.
   */
  public synchronized Reservation reserve(List<Scope> scopes, long worstCaseMicros, long tokens) {
    Objects.requireNonNull(scopes, "scopes");
    if (scopes.isEmpty()) throw new IllegalArgumentException("reserve against at least one scope");
    if (worstCaseMicros < 0 || tokens < 0)
      throw new IllegalArgumentException("worst-case cost and tokens must be >= 0");
    List<Scope> distinct = List.copyOf(new LinkedHashSet<>(scopes));
    ensureOpen();
    Instant now = now();
    long nowMs = now.toEpochMilli();
    String day = day(now);
    String month = month(now);
    boolean prune = nowMs - prunedAtMs >= PRUNE_INTERVAL_MS || nowMs < prunedAtMs;
    // A refusal commits too (it wrote nothing but the housekeeping) and is thrown afterwards.
    Object outcome =
        inTransaction(
            () -> {
              if (prune) { // housekeeping: every query skips old rows itself
                tables.prune(nowMs);
                rates.prune(nowMs);
              }
              List<LimitExceeded> refusals = new ArrayList<>();
              List<Scope> rated = new ArrayList<>();
              for (Scope scope : distinct) {
                Limits limits = tables.limits(scope);
                if (limits.limitsRate()) rated.add(scope);
                refusals.addAll(tables.check(scope, limits, worstCaseMicros, now));
                refusals.addAll(rates.check(scope, limits, tokens, nowMs));
              }
              if (!refusals.isEmpty()) return worst(refusals);
              String id = UUID.randomUUID().toString();
              Instant expires = now.plus(ttl);
              tables.insertReservation(
                  id, distinct, worstCaseMicros, tokens, day, month, nowMs, expires.toEpochMilli());
              rates.log(rated, nowMs, tokens);
              return new Reservation(
                  this,
                  id,
                  distinct,
                  worstCaseMicros,
                  tokens,
                  day,
                  month,
                  expires,
                  rated,
                  RateLog.second(nowMs));
            });
    if (prune) prunedAtMs = nowMs;
    if (outcome instanceof LimitExceeded refused) throw refused;
    return (Reservation) outcome;
  }

  synchronized void settle(Reservation r, long actualMicros, long actualTokens) {
    ensureOpen();
    inTransaction(
        () -> {
          tables.deleteReservation(r.id());
          for (Scope scope : r.scopes()) tables.addSpend(scope, r.day(), r.month(), actualMicros);
          rates.adjustTokens(r.rated(), r.second(), actualTokens - r.tokens());
          return null;
        });
  }

  synchronized void release(Reservation r) {
    ensureOpen();
    inTransaction(
        () -> {
          tables.deleteReservation(r.id());
          rates.adjustTokens(r.rated(), r.second(), -r.tokens());
          return null;
        });
  }

  private static LimitExceeded worst(List<LimitExceeded> refusals) {
    return refusals.stream()
        .max(
            Comparator.comparing((LimitExceeded e) -> e.code() == ErrorCode.BUDGET_EXCEEDED)
                .thenComparing(LimitExceeded::retryAfter))
        .orElseThrow();
  }

  static String day(Instant t) {
    return LocalDate.ofInstant(t, ZoneOffset.UTC).toString();
  }

  static String month(Instant t) {
    return day(t).substring(0, 7);
  }

  private Instant now() {
    return clock.instant();
  }

  /** Work that touches the tables. */
  interface SqlWork<T> {
    T run() throws SQLException;
  }

  private <T> T call(SqlWork<T> work) {
    try {
      return work.run();
    } catch (SQLException e) {
      throw storage(e);
    }
  }

  private <T> T inTransaction(SqlWork<T> work) {
    ensureOpen();
    try (Statement s = db.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      boolean committed = false;
      try {
        T result = work.run();
        s.execute("COMMIT");
        committed = true;
        return result;
      } finally {
        if (!committed) rollback(s);
      }
    } catch (SQLException e) {
      throw storage(e);
    }
  }

  private static void rollback(Statement s) {
    try {
      s.execute("ROLLBACK");
    } catch (SQLException ignored) {
      // the failure that led here is the one to report
    }
  }

  private void ensureOpen() {
    if (closed) throw new IllegalStateException("the budget store is closed; open it again");
  }

  static GroundedException storage(SQLException e) {
    return new GroundedException(ErrorCode.STORAGE_ERROR, "budgets: " + e.getMessage(), null, e);
  }

  /** Writes the spend still queued, then closes the store. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) return;
    }
    spendQueue.stop();
    closeStore();
  }

  private synchronized void closeStore() {
    if (closed) return;
    closed = true;
    try {
      db.close();
    } catch (SQLException e) {
      throw storage(e);
    }
  }
}
