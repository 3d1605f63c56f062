package dev.grounded.gateway.budget;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of {@link Budgets}; every method runs inside the caller's transaction. Internal.
 *
 * <p>Tables: {@code budget_limits} (a row per limited scope, NULL for no limit), {@code
 * budget_spend} (settled micro-dollars per scope and period, a period being a UTC day {@code
 * 2026-01-31} or month {@code 2026-01}), {@code budget_reservations} and {@code budget_holds} (open
 * reservations and the scopes each holds), {@code budget_rate} (a row per request and scope in the
 * last 60 s, for scopes with an rpm or tpm limit).
 */
final class BudgetTables {
  static final long WINDOW_MS = 60_000;

  private final Connection db;

  BudgetTables(Connection db) {
    this.db = db;
  }

  static void create(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          """
          CREATE TABLE IF NOT EXISTS budget_limits (
            scope TEXT PRIMARY KEY, usd_day_micros INTEGER, usd_month_micros INTEGER,
            rpm INTEGER, tpm INTEGER, updated_at INTEGER NOT NULL)""");
      s.execute(
          """
          CREATE TABLE IF NOT EXISTS budget_spend (
            scope TEXT NOT NULL, period TEXT NOT NULL, micros INTEGER NOT NULL,
            PRIMARY KEY (scope, period))""");
      s.execute(
          """
          CREATE TABLE IF NOT EXISTS budget_reservations (
            id TEXT PRIMARY KEY, micros INTEGER NOT NULL, tokens INTEGER NOT NULL,
            day TEXT NOT NULL, month TEXT NOT NULL, created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL)""");
      s.execute(
          "CREATE INDEX IF NOT EXISTS budget_reservations_expiry"
              + " ON budget_reservations(expires_at)");
      s.execute(
          """
          CREATE TABLE IF NOT EXISTS budget_holds (
            reservation TEXT NOT NULL, scope TEXT NOT NULL, PRIMARY KEY (reservation, scope))""");
      s.execute("CREATE INDEX IF NOT EXISTS budget_holds_scope ON budget_holds(scope)");
      s.execute(
          """
          CREATE TABLE IF NOT EXISTS budget_rate (
            reservation TEXT NOT NULL, scope TEXT NOT NULL, at INTEGER NOT NULL,
            tokens INTEGER NOT NULL)""");
      s.execute("CREATE INDEX IF NOT EXISTS budget_rate_scope ON budget_rate(scope, at)");
      s.execute("CREATE INDEX IF NOT EXISTS budget_rate_reservation ON budget_rate(reservation)");
    }
  }

  Void putLimits(Scope scope, Limits l, long nowMs) throws SQLException {
    if (l.equals(Limits.NONE)) {
      update("DELETE FROM budget_limits WHERE scope = ?", scope.key());
      return null;
    }
    update(
        """
        INSERT INTO budget_limits(scope, usd_day_micros, usd_month_micros, rpm, tpm, updated_at)
        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(scope) DO UPDATE SET
          usd_day_micros = excluded.usd_day_micros, usd_month_micros = excluded.usd_month_micros,
          rpm = excluded.rpm, tpm = excluded.tpm, updated_at = excluded.updated_at""",
        scope.key(),
        nullable(l.usdPerDayMicros()),
        nullable(l.usdPerMonthMicros()),
        nullable(l.requestsPerMinute()),
        nullable(l.tokensPerMinute()),
        nowMs);
    return null;
  }

  Limits limits(Scope scope) throws SQLException {
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT usd_day_micros, usd_month_micros, rpm, tpm FROM budget_limits WHERE scope = ?")) {
      ps.setString(1, scope.key());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return Limits.NONE;
        return new Limits(limit(rs, 1), limit(rs, 2), limit(rs, 3), limit(rs, 4));
      }
    }
  }

  Usage usage(Scope scope, String day, String month, long nowMs) throws SQLException {
    long cutoff = nowMs - WINDOW_MS;
    return new Usage(
        spend(scope, day),
        spend(scope, month),
        reserved(scope, "day", day, nowMs),
        reserved(scope, "month", month, nowMs),
        number("SELECT COUNT(*) FROM budget_rate WHERE scope = ? AND at > ?", scope.key(), cutoff),
        number(
            "SELECT COALESCE(SUM(tokens), 0) FROM budget_rate WHERE scope = ? AND at > ?",
            scope.key(),
            cutoff));
  }

  /** Drops expired reservations (they stop holding spend) and requests older than the window. */
  void prune(long nowMs) throws SQLException {
    update(
        "DELETE FROM budget_holds WHERE reservation IN"
            + " (SELECT id FROM budget_reservations WHERE expires_at <= ?)",
        nowMs);
    update("DELETE FROM budget_reservations WHERE expires_at <= ?", nowMs);
    update("DELETE FROM budget_rate WHERE at <= ?", nowMs - WINDOW_MS);
  }

  /** The refusals a call of {@code micros} and {@code tokens} meets in {@code scope}, if any. */
  List<LimitExceeded> check(
      Scope scope,
      Limits l,
      long micros,
      long tokens,
      String day,
      String month,
      Instant now,
      long nowMs)
      throws SQLException {
    List<LimitExceeded> out = new ArrayList<>();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    Instant nextDay = today.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant nextMonth =
        today.withDayOfMonth(1).plusMonths(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    spendCheck(scope, "daily", l.usdPerDayMicros(), day, "day", micros, now, nextDay, nowMs)
        .ifPresent(out::add);
    spendCheck(
            scope, "monthly", l.usdPerMonthMicros(), month, "month", micros, now, nextMonth, nowMs)
        .ifPresent(out::add);
    long cutoff = nowMs - WINDOW_MS;
    if (l.requestsPerMinute() != Limits.UNLIMITED) {
      Optional<Long> blocking = nthNewest(scope, cutoff, l.requestsPerMinute());
      if (l.requestsPerMinute() == 0 || blocking.isPresent()) {
        long freeAt = blocking.map(at -> at + WINDOW_MS).orElse(nowMs + WINDOW_MS);
        out.add(
            rate(
                scope,
                freeAt - nowMs,
                "the limit of " + l.requestsPerMinute() + " requests per minute"));
      }
    }
    if (l.tokensPerMinute() != Limits.UNLIMITED) {
      if (tokens > l.tokensPerMinute())
        throw GroundedException.invalid(
            "max_tokens",
            "this request may use "
                + tokens
                + " tokens, more than the limit of "
                + l.tokensPerMinute()
                + " tokens per minute of "
                + scope
                + ": lower max_tokens or shorten the prompt");
      tokenWait(scope, cutoff, l.tokensPerMinute(), tokens)
          .ifPresent(
              freeAt ->
                  out.add(
                      rate(
                          scope,
                          freeAt - nowMs,
                          "the limit of " + l.tokensPerMinute() + " tokens per minute")));
    }
    return out;
  }

  private Optional<LimitExceeded> spendCheck(
      Scope scope,
      String adjective,
      long limit,
      String period,
      String column,
      long micros,
      Instant now,
      Instant periodEnd,
      long nowMs)
      throws SQLException {
    if (limit == Limits.UNLIMITED) return Optional.empty();
    long used = spend(scope, period) + reserved(scope, column, period, nowMs);
    if (used <= limit && micros <= limit - used) return Optional.empty();
    return Optional.of(
        new LimitExceeded(
            ErrorCode.BUDGET_EXCEEDED,
            scope,
            Duration.between(now, periodEnd),
            "the "
                + adjective
                + " budget of "
                + scope
                + " ("
                + usd(limit)
                + ") does not cover this request: "
                + usd(used)
                + " spent or reserved in "
                + period
                + " (UTC), this request may cost up to "
                + usd(micros)));
  }

  private static LimitExceeded rate(Scope scope, long waitMs, String what) {
    Duration wait = Duration.ofMillis(Math.max(1, waitMs));
    long seconds = (wait.toMillis() + 999) / 1000;
    return new LimitExceeded(
        ErrorCode.RATE_LIMITED,
        scope,
        wait,
        "rate limited: " + what + " of " + scope + " is reached; retry after " + seconds + " s");
  }

  /** The time of the n-th newest request in the window, if there are at least n. */
  private Optional<Long> nthNewest(Scope scope, long cutoff, long n) throws SQLException {
    if (n == 0) return Optional.empty();
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT at FROM budget_rate WHERE scope = ? AND at > ?"
                + " ORDER BY at DESC LIMIT 1 OFFSET ?")) {
      ps.setString(1, scope.key());
      ps.setLong(2, cutoff);
      ps.setLong(3, n - 1);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    }
  }

  /** When enough tokens leave the window for {@code tokens} more, or empty if they fit now. */
  private Optional<Long> tokenWait(Scope scope, long cutoff, long limit, long tokens)
      throws SQLException {
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT at, tokens FROM budget_rate WHERE scope = ? AND at > ? ORDER BY at")) {
      ps.setString(1, scope.key());
      ps.setLong(2, cutoff);
      List<long[]> rows = new ArrayList<>();
      long used = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new long[] {rs.getLong(1), rs.getLong(2)});
          used += rs.getLong(2);
        }
      }
      if (used + tokens <= limit) return Optional.empty();
      for (long[] row : rows) {
        used -= row[1];
        if (used + tokens <= limit) return Optional.of(row[0] + WINDOW_MS);
      }
      throw new IllegalStateException("unreachable: tokens <= limit was checked");
    }
  }

  void insertReservation(
      String id,
      List<Scope> scopes,
      long micros,
      long tokens,
      String day,
      String month,
      long nowMs,
      long expiresMs)
      throws SQLException {
    update(
        "INSERT INTO budget_reservations(id, micros, tokens, day, month, created_at, expires_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)",
        id,
        micros,
        tokens,
        day,
        month,
        nowMs,
        expiresMs);
    for (Scope s : scopes)
      update("INSERT INTO budget_holds(reservation, scope) VALUES (?, ?)", id, s.key());
  }

  void logRate(String id, List<Scope> scopes, long nowMs, long tokens) throws SQLException {
    for (Scope s : scopes)
      update(
          "INSERT INTO budget_rate(reservation, scope, at, tokens) VALUES (?, ?, ?, ?)",
          id,
          s.key(),
          nowMs,
          tokens);
  }

  void deleteReservation(String id) throws SQLException {
    update("DELETE FROM budget_holds WHERE reservation = ?", id);
    update("DELETE FROM budget_reservations WHERE id = ?", id);
  }

  void addSpend(Scope scope, String day, String month, long micros) throws SQLException {
    for (String period : List.of(day, month))
      update(
          "INSERT INTO budget_spend(scope, period, micros) VALUES (?, ?, ?)"
              + " ON CONFLICT(scope, period) DO UPDATE SET micros = micros + excluded.micros",
          scope.key(),
          period,
          micros);
  }

  void setRateTokens(String id, long tokens) throws SQLException {
    update("UPDATE budget_rate SET tokens = ? WHERE reservation = ?", tokens, id);
  }

  private long spend(Scope scope, String period) throws SQLException {
    return number(
        "SELECT COALESCE(SUM(micros), 0) FROM budget_spend WHERE scope = ? AND period = ?",
        scope.key(),
        period);
  }

  /** Spend held by unexpired reservations of {@code scope} made in this day or month. */
  private long reserved(Scope scope, String column, String period, long nowMs) throws SQLException {
    return number(
        "SELECT COALESCE(SUM(r.micros), 0) FROM budget_holds h"
            + " JOIN budget_reservations r ON r.id = h.reservation"
            + " WHERE h.scope = ? AND r."
            + column
            + " = ? AND r.expires_at > ?",
        scope.key(),
        period,
        nowMs);
  }

  private long number(String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private void update(String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
      ps.executeUpdate();
    }
  }

  private static Long nullable(long limit) {
    return limit == Limits.UNLIMITED ? null : limit;
  }

  private static long limit(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? Limits.UNLIMITED : v;
  }

  /** Micro-dollars as {@code $1.5}. */
  static String usd(long micros) {
    return "$" + BigDecimal.valueOf(micros, 6).stripTrailingZeros().toPlainString();
  }
}
