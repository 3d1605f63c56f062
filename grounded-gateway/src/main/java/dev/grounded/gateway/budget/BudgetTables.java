package dev.grounded.gateway.budget;

import static dev.grounded.gateway.budget.Sql.number;
import static dev.grounded.gateway.budget.Sql.update;

import dev.grounded.core.ErrorCode;
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
 * Limits, spend and holds: the SQL of {@link Budgets} apart from the rate log ({@link RateLog}).
 * Internal; every method runs in the caller's transaction.
 *
 * <p>Tables: {@code budget_limits} (a row per limited scope, NULL for no limit), {@code
 * budget_spend} (settled micro-dollars per scope and period, a period being a UTC day {@code
 * 2026-01-31} or month {@code 2026-01}), {@code budget_reservations} and {@code budget_holds} (open
 * reservations and the scopes each holds; an expired one no longer counts).
 */
final class BudgetTables {
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
    }
    RateLog.create(c);
  }

  void putLimits(Scope scope, Limits l, long nowMs) throws SQLException {
    if (l.equals(Limits.NONE)) {
      update(db, "DELETE FROM budget_limits WHERE scope = ?", scope.key());
      return;
    }
    update(
        db,
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
  }

  java.util.Map<Scope, Limits> allLimits() throws SQLException {
    java.util.Map<Scope, Limits> out = new java.util.LinkedHashMap<>();
    try (PreparedStatement ps =
            db.prepareStatement(
                "SELECT scope, usd_day_micros, usd_month_micros, rpm, tpm FROM budget_limits"
                    + " ORDER BY scope");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next())
        out.put(
            Scope.parse(rs.getString(1)),
            new Limits(limit(rs, 2), limit(rs, 3), limit(rs, 4), limit(rs, 5)));
    }
    return out;
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

  /** Drops expired reservations; housekeeping, as every query skips them anyway. */
  void prune(long nowMs) throws SQLException {
    update(
        db,
        "DELETE FROM budget_holds WHERE reservation IN"
            + " (SELECT id FROM budget_reservations WHERE expires_at <= ?)",
        nowMs);
    update(db, "DELETE FROM budget_reservations WHERE expires_at <= ?", nowMs);
  }

  /** The spend refusals a call of up to {@code micros} meets in {@code scope}, if any. */
  List<LimitExceeded> check(Scope scope, Limits l, long micros, Instant now) throws SQLException {
    long nowMs = now.toEpochMilli();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    Instant nextDay = today.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant nextMonth =
        today.withDayOfMonth(1).plusMonths(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    List<LimitExceeded> out = new ArrayList<>();
    check(scope, "daily", l.usdPerDayMicros(), Budgets.day(now), "day", micros, nowMs)
        .map(message -> refusal(scope, Duration.between(now, nextDay), message))
        .ifPresent(out::add);
    check(scope, "monthly", l.usdPerMonthMicros(), Budgets.month(now), "month", micros, nowMs)
        .map(message -> refusal(scope, Duration.between(now, nextMonth), message))
        .ifPresent(out::add);
    return out;
  }

  /** The refusal's message if the period's spend and holds leave less than {@code micros}. */
  private Optional<String> check(
      Scope scope,
      String adjective,
      long limit,
      String period,
      String column,
      long micros,
      long nowMs)
      throws SQLException {
    if (limit == Limits.UNLIMITED) return Optional.empty();
    long used = spend(scope, period) + reserved(scope, column, period, nowMs);
    if (used <= limit && micros <= limit - used) return Optional.empty();
    return Optional.of(
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
            + usd(micros));
  }

  private static LimitExceeded refusal(Scope scope, Duration retryAfter, String message) {
    return new LimitExceeded(ErrorCode.BUDGET_EXCEEDED, scope, retryAfter, message);
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
        db,
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
      update(db, "INSERT INTO budget_holds(reservation, scope) VALUES (?, ?)", id, s.key());
  }

  void deleteReservation(String id) throws SQLException {
    update(db, "DELETE FROM budget_holds WHERE reservation = ?", id);
    update(db, "DELETE FROM budget_reservations WHERE id = ?", id);
  }

  void addSpend(Scope scope, String day, String month, long micros) throws SQLException {
    for (String period : List.of(day, month))
      update(
          db,
          "INSERT INTO budget_spend(scope, period, micros) VALUES (?, ?, ?)"
              + " ON CONFLICT(scope, period) DO UPDATE SET micros = micros + excluded.micros",
          scope.key(),
          period,
          micros);
  }

  /** Settled spend of {@code scope} in a day or month. */
  long spend(Scope scope, String period) throws SQLException {
    return number(
        db,
        "SELECT COALESCE(SUM(micros), 0) FROM budget_spend WHERE scope = ? AND period = ?",
        scope.key(),
        period);
  }

  /** Spend held by unexpired reservations of {@code scope} made in this day or month. */
  long reserved(Scope scope, String column, String period, long nowMs) throws SQLException {
    return number(
        db,
        "SELECT COALESCE(SUM(r.micros), 0) FROM budget_holds h"
            + " JOIN budget_reservations r ON r.id = h.reservation"
            + " WHERE h.scope = ? AND r."
            + column
            + " = ? AND r.expires_at > ?",
        scope.key(),
        period,
        nowMs);
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
