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
 * Requests and tokens per minute over a sliding window of the last 60 whole seconds: table {@code
 * budget_rate}, one row per rate-limited scope and second with that second's requests and tokens (a
 * request's worst case until it is settled, then what it used). A request made in second {@code s}
 * counts until second {@code s + 60} begins, so 59 to 60 s; at most 60 rows are read per scope
 * whatever the traffic. Internal; every method runs in the caller's transaction.
 */
final class RateLog {
  static final int WINDOW_SECONDS = 60;

  private final Connection db;

  RateLog(Connection db) {
    this.db = db;
  }

  static void create(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          """
          CREATE TABLE IF NOT EXISTS budget_rate (
            scope TEXT NOT NULL, second INTEGER NOT NULL, requests INTEGER NOT NULL,
            tokens INTEGER NOT NULL, PRIMARY KEY (scope, second)) WITHOUT ROWID""");
    }
  }

  static long second(long epochMs) {
    return Math.floorDiv(epochMs, 1000);
  }

  /** The rpm and tpm refusals a request of {@code tokens} meets in {@code scope}, if any. */
  List<LimitExceeded> check(Scope scope, Limits l, long tokens, long nowMs) throws SQLException {
    long rpm = l.requestsPerMinute();
    long tpm = l.tokensPerMinute();
    List<LimitExceeded> out = new ArrayList<>();
    if (rpm == Limits.UNLIMITED && tpm == Limits.UNLIMITED) return out;
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
    List<long[]> window = window(scope, nowMs); // {second, requests, tokens}, oldest first
    if (rpm != Limits.UNLIMITED)
      freeAt(window, 1, rpm, 1, nowMs)
          .ifPresent(
              at -> out.add(refusal(scope, at - nowMs, "the limit of " + rpm + " requests")));
    if (tpm != Limits.UNLIMITED)
      freeAt(window, 2, tpm, tokens, nowMs)
          .ifPresent(at -> out.add(refusal(scope, at - nowMs, "the limit of " + tpm + " tokens")));
    return out;
  }

  /**
   * When enough of column {@code col} leaves the window for {@code more} to fit under {@code
   * limit}: empty if it fits now; a minute from now if nothing could make room (a limit of 0).
   */
  private static Optional<Long> freeAt(
      List<long[]> window, int col, long limit, long more, long nowMs) {
    long used = window.stream().mapToLong(row -> row[col]).sum();
    if (used + more <= limit) return Optional.empty();
    for (long[] row : window) {
      used -= row[col];
      if (used + more <= limit) return Optional.of((row[0] + WINDOW_SECONDS) * 1000);
    }
    return Optional.of(nowMs + WINDOW_SECONDS * 1000L);
  }

  /** Counts one request of {@code tokens} in the current second of each scope. */
  void log(List<Scope> scopes, long nowMs, long tokens) throws SQLException {
    for (Scope s : scopes)
      update(
          db,
          "INSERT INTO budget_rate(scope, second, requests, tokens) VALUES (?, ?, 1, ?)"
              + " ON CONFLICT(scope, second) DO UPDATE SET requests = requests + 1,"
              + " tokens = tokens + excluded.tokens",
          s.key(),
          second(nowMs),
          tokens);
  }

  /** Adds {@code delta} (negative to refund) to the tokens counted in a second, if still kept. */
  void adjustTokens(List<Scope> scopes, long second, long delta) throws SQLException {
    if (delta == 0) return;
    for (Scope s : scopes)
      update(
          db,
          "UPDATE budget_rate SET tokens = max(0, tokens + ?) WHERE scope = ? AND second = ?",
          delta,
          s.key(),
          second);
  }

  long requests(Scope scope, long nowMs) throws SQLException {
    return sum("requests", scope, nowMs);
  }

  long tokens(Scope scope, long nowMs) throws SQLException {
    return sum("tokens", scope, nowMs);
  }

  void prune(long nowMs) throws SQLException {
    update(db, "DELETE FROM budget_rate WHERE second <= ?", second(nowMs) - WINDOW_SECONDS);
  }

  private long sum(String column, Scope scope, long nowMs) throws SQLException {
    return number(
        db,
        "SELECT COALESCE(SUM(" + column + "), 0) FROM budget_rate WHERE scope = ? AND second > ?",
        scope.key(),
        second(nowMs) - WINDOW_SECONDS);
  }

  private List<long[]> window(Scope scope, long nowMs) throws SQLException {
    List<long[]> rows = new ArrayList<>();
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT second, requests, tokens FROM budget_rate WHERE scope = ? AND second > ?"
                + " ORDER BY second")) {
      ps.setString(1, scope.key());
      ps.setLong(2, second(nowMs) - WINDOW_SECONDS);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) rows.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)});
      }
    }
    return rows;
  }

  private static LimitExceeded refusal(Scope scope, long waitMs, String what) {
    Duration wait = Duration.ofMillis(Math.max(1, waitMs));
    long seconds = (wait.toMillis() + 999) / 1000;
    return new LimitExceeded(
        ErrorCode.RATE_LIMITED,
        scope,
        wait,
        "rate limited: "
            + what
            + " per minute of "
            + scope
            + " is reached; retry after "
            + seconds
            + " s");
  }
}
