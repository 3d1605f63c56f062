package dev.grounded.gateway.ledger;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.auth.Tenants;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The cost ledger: a row per model call in the data directory's SQLite file ({@code grounded.db},
 * table {@code ledger}), and the sums that cost reports and projections read from it.
 *
 * <p>Thread-safe: calls are serialized on one connection; several processes may append at once.
 */
public final class Ledger implements LedgerSink, AutoCloseable {
  private final Connection db;
  private boolean closed;

  private Ledger(Connection db) {
    this.db = db;
  }

  /** Opens (creating if needed) the table in {@code dbFile}, usually {@code <data>/grounded.db}. */
  public static Ledger open(Path dbFile) {
    Objects.requireNonNull(dbFile, "dbFile");
    Connection c = null;
    try {
      c = dev.grounded.core.Sqlite.open(dbFile);
      try (Statement s = c.createStatement()) {
        s.execute(
            """
            CREATE TABLE IF NOT EXISTS ledger (
              id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, tenant TEXT NOT NULL,
              key_id TEXT NOT NULL, user_name TEXT NOT NULL, alias TEXT NOT NULL,
              provider TEXT NOT NULL, model TEXT NOT NULL, tokens_in INTEGER NOT NULL,
              tokens_out INTEGER NOT NULL, cached INTEGER NOT NULL, latency_ms INTEGER NOT NULL,
              cost_micros INTEGER NOT NULL, outcome TEXT NOT NULL, request_id TEXT NOT NULL)""");
        s.execute("CREATE INDEX IF NOT EXISTS ledger_at ON ledger(at)");
        s.execute("CREATE INDEX IF NOT EXISTS ledger_tenant_at ON ledger(tenant, at)");
      }
      return new Ledger(c);
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

  /** Appends one call. */
  @Override
  public void record(LedgerEntry e) {
    recordAll(List.of(Objects.requireNonNull(e, "entry")));
  }

  /** Appends {@code entries} in one transaction: all or none. */
  public synchronized void recordAll(List<LedgerEntry> entries) {
    List<LedgerEntry> rows = List.copyOf(entries);
    ensureOpen();
    if (rows.isEmpty()) return;
    try (Statement s = db.createStatement();
        PreparedStatement ps =
            db.prepareStatement(
                """
                INSERT INTO ledger(at, tenant, key_id, user_name, alias, provider, model, tokens_in,
                  tokens_out, cached, latency_ms, cost_micros, outcome, request_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
      s.execute("BEGIN IMMEDIATE");
      boolean committed = false;
      try {
        for (LedgerEntry e : rows) {
          ps.setLong(1, e.at().toEpochMilli());
          ps.setString(2, e.tenant());
          ps.setString(3, e.keyId());
          ps.setString(4, e.user());
          ps.setString(5, e.alias());
          ps.setString(6, e.provider());
          ps.setString(7, e.model());
          ps.setLong(8, e.tokensIn());
          ps.setLong(9, e.tokensOut());
          ps.setInt(10, e.cached() ? 1 : 0);
          ps.setLong(11, e.latencyMs());
          ps.setLong(12, e.costMicros());
          ps.setString(13, e.outcome());
          ps.setString(14, e.requestId());
          ps.executeUpdate();
        }
        s.execute("COMMIT");
        committed = true;
      } finally {
        if (!committed) s.execute("ROLLBACK");
      }
    } catch (SQLException x) {
      throw storage(x);
    }
  }

  /**
   * Replaces {@code user}'s name in {@code tenant}'s rows by {@code replacement} (a deletion of the
   * user's data: the calls and their costs stay counted, no longer under the name); returns how
   * many rows changed.
   */
  public synchronized int renameUser(String tenant, String user, String replacement) {
    Objects.requireNonNull(replacement, "replacement");
    ensureOpen();
    if (user.isEmpty()) return 0;
    try (PreparedStatement ps =
        db.prepareStatement("UPDATE ledger SET user_name = ? WHERE tenant = ? AND user_name = ?")) {
      ps.setString(1, replacement);
      ps.setString(2, tenant);
      ps.setString(3, user);
      return ps.executeUpdate();
    } catch (SQLException x) {
      throw storage(x);
    }
  }

  /** Deletes the rows of calls made before {@code cutoff} (retention); returns how many. */
  public synchronized int deleteBefore(Instant cutoff) {
    Objects.requireNonNull(cutoff, "cutoff");
    ensureOpen();
    try (PreparedStatement ps = db.prepareStatement("DELETE FROM ledger WHERE at < ?")) {
      ps.setLong(1, millis(cutoff));
      return ps.executeUpdate();
    } catch (SQLException x) {
      throw storage(x);
    }
  }

  /** The sums of one group on one UTC day ({@code 2026-01-31}): a point of a {@link #series}. */
  public record DayRow(String day, CostRow row) {
    public DayRow {
      Objects.requireNonNull(day, "day");
      Objects.requireNonNull(row, "row");
    }
  }

  /**
   * The sums of {@code q}'s calls per UTC day and group (the groups of {@link #costs}), oldest day
   * first and within a day by cost, highest first: the series a chart of spend over time per
   * tenant, key, user or model draws.
   */
  public synchronized List<DayRow> series(CostQuery q) {
    Objects.requireNonNull(q, "query");
    ensureOpen();
    String sql =
        "SELECT strftime('%Y-%m-%d', at / 1000, 'unixepoch') AS d, "
            + group(q.by())
            + " AS g, COUNT(*), SUM(outcome <> 'ok'), SUM(cached), SUM(tokens_in),"
            + " SUM(tokens_out), SUM(cost_micros) AS cost FROM ledger"
            + where(q.tenant())
            + " GROUP BY d, g ORDER BY d, cost DESC, g";
    List<DayRow> rows = new ArrayList<>();
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      bind(ps, q.since(), Instant.MAX, q.tenant());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next())
          rows.add(
              new DayRow(
                  rs.getString(1),
                  new CostRow(
                      rs.getString(2),
                      rs.getLong(3),
                      rs.getLong(4),
                      rs.getLong(5),
                      rs.getLong(6),
                      rs.getLong(7),
                      rs.getLong(8))));
      }
      return rows;
    } catch (SQLException x) {
      throw storage(x);
    }
  }

  private static String group(CostQuery.By by) {
    return switch (by) {
      case TOTAL -> "'total'";
      case TENANT -> "tenant";
      case KEY -> "CASE key_id WHEN '' THEN '-' ELSE key_id END";
      case USER -> "tenant || '/' || CASE user_name WHEN '' THEN '-' ELSE user_name END";
      case MODEL -> "model";
      case DAY -> "strftime('%Y-%m-%d', at / 1000, 'unixepoch')";
    };
  }

  /** The sums of {@code q}'s calls per group: by cost, highest first; by day, oldest first. */
  public synchronized List<CostRow> costs(CostQuery q) {
    Objects.requireNonNull(q, "query");
    ensureOpen();
    String group = group(q.by());
    String order = q.by() == CostQuery.By.DAY ? "g" : "cost DESC, g";
    String sql =
        "SELECT "
            + group
            + " AS g, COUNT(*), SUM(outcome <> 'ok'), SUM(cached), SUM(tokens_in),"
            + " SUM(tokens_out), SUM(cost_micros) AS cost FROM ledger"
            + where(q.tenant())
            + " GROUP BY g ORDER BY "
            + order;
    List<CostRow> rows = new ArrayList<>();
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      bind(ps, q.since(), Instant.MAX, q.tenant());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next())
          rows.add(
              new CostRow(
                  rs.getString(1),
                  rs.getLong(2),
                  rs.getLong(3),
                  rs.getLong(4),
                  rs.getLong(5),
                  rs.getLong(6),
                  rs.getLong(7)));
      }
      return rows;
    } catch (SQLException x) {
      throw storage(x);
    }
  }

  /**
   * The recorded traffic in {@code [from, until)}, of one tenant or all: the basis of a unit
   * economics projection.
   */
  public synchronized UnitEconomics unitEconomics(
      Optional<String> tenant, Instant from, Instant until) {
    Objects.requireNonNull(tenant, "tenant");
    tenant.ifPresent(Tenants::check);
    if (!until.isAfter(from)) throw new IllegalArgumentException("until must be after from");
    ensureOpen();
    String sql =
        "SELECT COUNT(*), COALESCE(SUM(user_name <> ''), 0),"
            + " COUNT(DISTINCT CASE WHEN user_name <> '' THEN tenant || '/' || user_name END),"
            + " COALESCE(SUM(cost_micros), 0),"
            + " COALESCE(SUM(CASE WHEN user_name <> '' THEN cost_micros ELSE 0 END), 0)"
            + " FROM ledger"
            + where(tenant);
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      bind(ps, from, until, tenant);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new UnitEconomics(
            rs.getLong(1),
            rs.getLong(2),
            rs.getLong(3),
            rs.getLong(4),
            rs.getLong(5),
            Duration.between(from, until));
      }
    } catch (SQLException x) {
      throw storage(x);
    }
  }

  /** When the first call since {@code since} (of one tenant or all) was made, if any. */
  public synchronized Optional<Instant> earliest(Optional<String> tenant, Instant since) {
    Objects.requireNonNull(tenant, "tenant");
    ensureOpen();
    try (PreparedStatement ps = db.prepareStatement("SELECT MIN(at) FROM ledger" + where(tenant))) {
      bind(ps, since, Instant.MAX, tenant);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long at = rs.getLong(1);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(at));
      }
    } catch (SQLException x) {
      throw storage(x);
    }
  }

  private static String where(Optional<String> tenant) {
    return " WHERE at >= ? AND at < ?" + (tenant.isPresent() ? " AND tenant = ?" : "");
  }

  private static void bind(PreparedStatement ps, Instant from, Instant until, Optional<String> t)
      throws SQLException {
    ps.setLong(1, millis(from));
    ps.setLong(2, millis(until));
    if (t.isPresent()) ps.setString(3, t.get());
  }

  private static long millis(Instant t) {
    try {
      return t.toEpochMilli();
    } catch (ArithmeticException e) {
      return t.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  private void ensureOpen() {
    if (closed) throw new IllegalStateException("the ledger is closed; open it again");
  }

  private static GroundedException storage(SQLException e) {
    return new GroundedException(ErrorCode.STORAGE_ERROR, "ledger: " + e.getMessage(), null, e);
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    try {
      db.close();
    } catch (SQLException e) {
      throw storage(e);
    }
  }
}
