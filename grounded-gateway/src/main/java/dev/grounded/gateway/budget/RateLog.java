package dev.grounded.gateway.budget;

import static dev.grounded.gateway.budget.Sql.number;
import static dev.grounded.gateway.budget.Sql.update;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Requests per minute and tokens per minute over a sliding 60 s window: table {@code budget_rate},
 * a row per request and rate-limited scope with the request's tokens (its worst case until settled,
 * then the actual count). A request at time {@code t} counts while {@code now - t < 60 s}, so a
 * refusal's wait is exactly until enough old rows leave the window. Internal; every method runs in
 * the caller's transaction.
 */
final class RateLog {
  static final long WINDOW_MS = 60_000;

  private final Connection db;

  RateLog(Connection db) {
    this.db = db;
  }

  static void create(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          """
          CREATE TABLE IF NOT EXISTS budget_rate (
            reservation TEXT NOT NULL, scope TEXT NOT NULL, at INTEGER NOT NULL,
            tokens INTEGER NOT NULL)""");
      s.execute("CREATE INDEX IF NOT EXISTS budget_rate_scope ON budget_rate(scope, at)");
      s.execute("CREATE INDEX IF NOT EXISTS budget_rate_reservation ON budget_rate(reservation)");
    }
  }

  /** The rpm and tpm refusals a request of {@code tokens} meets in {@code scope}, if any. */
  List<LimitExceeded> check(Scope scope, Limits l, long tokens, long nowMs) throws SQLException {
    List<LimitExceeded> out = new ArrayList<>();
    long cutoff = nowMs - WINDOW_MS;
    long rpm = l.requestsPerMinute();
    if (rpm != Limits.UNLIMITED) {
      Optional<Long> blocking = rpm == 0 ? Optional.empty() : nthNewest(scope, cutoff, rpm);
      if (rpm == 0 || blocking.isPresent()) {
        long freeAt = blocking.map(at -> at + WINDOW_MS).orElse(nowMs + WINDOW_MS);
        out.add(refusal(scope, freeAt - nowMs, "the limit of " + rpm + " requests per minute"));
      }
    }
    long tpm = l.tokensPerMinute();
    if (tpm != Limits.UNLIMITED) {
      if (tokens > tpm)
        throw GroundedException.invalid(
            "max_tokens",
            "this request may use "
                + tokens
                + " tokens, more than the limit of "
                + tpm
                + " tokens per minute of "
                + scope
                + ": lower max_tokens or shorten the prompt");
      tokenWait(scope, cutoff, tpm, tokens)
          .ifPresent(
              freeAt ->
                  out.add(
                      refusal(
                          scope, freeAt - nowMs, "the limit of " + tpm + " tokens per minute")));
    }
    return out;
  }

  void log(String reservation, List<Scope> scopes, long nowMs, long tokens) throws SQLException {
    for (Scope s : scopes)
      update(
          db,
          "INSERT INTO budget_rate(reservation, scope, at, tokens) VALUES (?, ?, ?, ?)",
          reservation,
          s.key(),
          nowMs,
          tokens);
  }

  /** Replaces a request's worst-case tokens with what it used (0 when released). */
  void setTokens(String reservation, long tokens) throws SQLException {
    update(db, "UPDATE budget_rate SET tokens = ? WHERE reservation = ?", tokens, reservation);
  }

  long requests(Scope scope, long nowMs) throws SQLException {
    return number(
        db,
        "SELECT COUNT(*) FROM budget_rate WHERE scope = ? AND at > ?",
        scope.key(),
        nowMs - WINDOW_MS);
  }

  long tokens(Scope scope, long nowMs) throws SQLException {
    return number(
        db,
        "SELECT COALESCE(SUM(tokens), 0) FROM budget_rate WHERE scope = ? AND at > ?",
        scope.key(),
        nowMs - WINDOW_MS);
  }

  void prune(long nowMs) throws SQLException {
    update(db, "DELETE FROM budget_rate WHERE at <= ?", nowMs - WINDOW_MS);
  }

  private static LimitExceeded refusal(Scope scope, long waitMs, String what) {
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

  /** When enough tokens leave the window for {@code tokens} more; empty if they fit now. */
  private Optional<Long> tokenWait(Scope scope, long cutoff, long limit, long tokens)
      throws SQLException {
    List<long[]> rows = new ArrayList<>();
    long used = 0;
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT at, tokens FROM budget_rate WHERE scope = ? AND at > ? ORDER BY at")) {
      ps.setString(1, scope.key());
      ps.setLong(2, cutoff);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new long[] {rs.getLong(1), rs.getLong(2)});
          used += rs.getLong(2);
        }
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
