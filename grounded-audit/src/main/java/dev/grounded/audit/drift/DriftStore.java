package dev.grounded.audit.drift;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sampled answers' scores ({@code drift_samples}) and the alerts raised on them ({@code
 * drift_alerts}) in {@code grounded.db}; the daily series are computed from the samples.
 * Thread-safe: calls are serialized on one connection.
 */
public final class DriftStore implements AutoCloseable {
  /**
   * The metrics of a day: share abstained, mean citation support, share with a guardrail action,
   * share with a chunk withheld, mean best retrieval score.
   */
  public static final List<String> METRICS =
      List.of("abstention_rate", "support", "guard_rate", "withheld_rate", "top_score");

  /** The share of a collection's failure set that passes when replayed (alerting on a drop). */
  public static final String REPLAY = "replay_pass_rate";

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Connection db;
  private boolean closed;

  private DriftStore(Connection db) {
    this.db = db;
  }

  public static DriftStore open(Path dbFile) {
    Connection c =
        dev.grounded.core.Sqlite.openStore(
            dbFile,
            List.of(
                """
            CREATE TABLE IF NOT EXISTS drift_samples (
              at INTEGER NOT NULL, day TEXT NOT NULL, tenant TEXT NOT NULL,
              collection TEXT NOT NULL, abstained INTEGER NOT NULL, support REAL,
              top_score REAL, findings INTEGER NOT NULL, withheld INTEGER NOT NULL)""",
                "CREATE INDEX IF NOT EXISTS drift_samples_day ON drift_samples(tenant, collection, day)",
                """
            CREATE TABLE IF NOT EXISTS drift_replays (
              at INTEGER NOT NULL, day TEXT NOT NULL, tenant TEXT NOT NULL,
              collection TEXT NOT NULL, items INTEGER NOT NULL, passed INTEGER NOT NULL)""",
                """
            CREATE TABLE IF NOT EXISTS drift_alerts (
              day TEXT NOT NULL, tenant TEXT NOT NULL, collection TEXT NOT NULL,
              metric TEXT NOT NULL, value REAL NOT NULL, baseline REAL NOT NULL,
              band REAL NOT NULL, at INTEGER NOT NULL,
              PRIMARY KEY (day, tenant, collection, metric))"""));
    return new DriftStore(c);
  }

  public synchronized void add(DriftSample s) {
    ensureOpen();
    try (PreparedStatement ps =
        db.prepareStatement(
            "INSERT INTO drift_samples(at, day, tenant, collection, abstained, support, top_score,"
                + " findings, withheld) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, s.at().toEpochMilli());
      ps.setString(2, day(s.at()));
      ps.setString(3, s.tenant());
      ps.setString(4, s.collection());
      ps.setInt(5, s.abstained() ? 1 : 0);
      if (Double.isNaN(s.support())) ps.setNull(6, java.sql.Types.REAL);
      else ps.setDouble(6, s.support());
      if (Double.isNaN(s.topScore())) ps.setNull(7, java.sql.Types.REAL);
      else ps.setDouble(7, s.topScore());
      ps.setInt(8, s.findings());
      ps.setInt(9, s.withheld());
      ps.executeUpdate();
    } catch (SQLException x) {
      throw storage(x);
    }
  }

  static String day(java.time.Instant at) {
    return LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
  }

  /** One day's (or a period's) metrics of a collection; a metric without data is NaN. */
  public record Point(
      String day,
      String tenant,
      String collection,
      long n,
      double abstentionRate,
      double support,
      double guardRate,
      double withheldRate,
      double topScore) {
    public double metric(String name) {
      return switch (name) {
        case "abstention_rate" -> abstentionRate;
        case "support" -> support;
        case "guard_rate" -> guardRate;
        case "withheld_rate" -> withheldRate;
        case "top_score" -> topScore;
        default -> throw new IllegalArgumentException("unknown metric " + name);
      };
    }

    public ObjectNode json() {
      ObjectNode o = JSON.createObjectNode();
      o.put("day", day);
      o.put("tenant", tenant);
      o.put("collection", collection);
      o.put("samples", n);
      for (String m : METRICS) {
        double v = metric(m);
        if (Double.isNaN(v)) o.putNull(m);
        else o.put(m, Math.round(v * 10000) / 10000.0);
      }
      return o;
    }
  }

  private static final String AGGREGATES =
      "COUNT(*), AVG(abstained), AVG(support), AVG(findings > 0), AVG(withheld > 0), AVG(top_score)";

  /**
   * The daily series of {@code tenant}'s collections (all tenants when empty) from {@code fromDay}
   * on.
   */
  public synchronized List<Point> daily(
      Optional<String> tenant, Optional<String> collection, String fromDay) {
    ensureOpen();
    StringBuilder sql =
        new StringBuilder(
            "SELECT day, tenant, collection, " + AGGREGATES + " FROM drift_samples WHERE day >= ?");
    List<Object> args = new ArrayList<>(List.of(fromDay));
    tenant.ifPresent(
        t -> {
          sql.append(" AND tenant = ?");
          args.add(t);
        });
    collection.ifPresent(
        c -> {
          sql.append(" AND collection = ?");
          args.add(c);
        });
    sql.append(" GROUP BY day, tenant, collection ORDER BY tenant, collection, day");
    List<Point> out = new ArrayList<>();
    try (PreparedStatement ps = db.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(point(rs.getString(1), rs.getString(2), rs.getString(3), rs, 4));
      }
      return out;
    } catch (SQLException x) {
      throw storage(x);
    }
  }

  /**
   * The pooled metrics of a collection over days {@code fromDay} (inclusive) to {@code toDay}
   * (exclusive).
   */
  synchronized Point pooled(String tenant, String collection, String fromDay, String toDay) {
    ensureOpen();
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT "
                + AGGREGATES
                + " FROM drift_samples WHERE tenant = ? AND collection = ? AND day >= ? AND day < ?")) {
      ps.setString(1, tenant);
      ps.setString(2, collection);
      ps.setString(3, fromDay);
      ps.setString(4, toDay);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return point(fromDay + ".." + toDay, tenant, collection, rs, 1);
      }
    } catch (SQLException x) {
      throw storage(x);
    }
  }

  private static Point point(String day, String tenant, String collection, ResultSet rs, int from)
      throws SQLException {
    long n = rs.getLong(from);
    double[] v = new double[5];
    for (int i = 0; i < 5; i++) {
      v[i] = rs.getDouble(from + 1 + i);
      if (rs.wasNull()) v[i] = Double.NaN;
    }
    return new Point(day, tenant, collection, n, v[0], v[1], v[2], v[3], v[4]);
  }

  /** One replay of a collection's failure set: how many of its items now pass. */
  public record Replay(
      java.time.Instant at, String tenant, String collection, int items, int passed) {
    public double passRate() {
      return items == 0 ? Double.NaN : passed / (double) items;
    }

    public ObjectNode json() {
      ObjectNode o = JSON.createObjectNode();
      o.put("object", "drift.replay");
      o.put("at", at.toString());
      o.put("tenant", tenant);
      o.put("collection", collection);
      o.put("items", items);
      o.put("passed", passed);
      if (items > 0) o.put("pass_rate", Math.round(passRate() * 10000) / 10000.0);
      return o;
    }
  }

  /** Keeps {@code r}; returns the replay of the same collection before it, if any. */
  synchronized Optional<Replay> addReplay(Replay r) {
    ensureOpen();
    List<Replay> before =
        replays(
            "SELECT at, tenant, collection, items, passed FROM drift_replays"
                + " WHERE tenant = ? AND collection = ? ORDER BY at DESC, rowid DESC LIMIT 1",
            r.tenant(),
            r.collection());
    try (PreparedStatement ps =
        db.prepareStatement(
            "INSERT INTO drift_replays(at, day, tenant, collection, items, passed)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, r.at().toEpochMilli());
      ps.setString(2, day(r.at()));
      ps.setString(3, r.tenant());
      ps.setString(4, r.collection());
      ps.setInt(5, r.items());
      ps.setInt(6, r.passed());
      ps.executeUpdate();
    } catch (SQLException x) {
      throw storage(x);
    }
    return before.isEmpty() ? Optional.empty() : Optional.of(before.get(0));
  }

  /** The replays of {@code tenant} (all when empty) from {@code fromDay} on, oldest first. */
  public synchronized List<Replay> replays(Optional<String> tenant, String fromDay) {
    ensureOpen();
    return tenant.isPresent()
        ? replays(
            "SELECT at, tenant, collection, items, passed FROM drift_replays WHERE day >= ? AND"
                + " tenant = ? ORDER BY at",
            fromDay,
            tenant.get())
        : replays(
            "SELECT at, tenant, collection, items, passed FROM drift_replays WHERE day >= ?"
                + " ORDER BY at",
            fromDay);
  }

  private List<Replay> replays(String sql, Object... args) {
    List<Replay> out = new ArrayList<>();
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next())
          out.add(
              new Replay(
                  java.time.Instant.ofEpochMilli(rs.getLong(1)),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getInt(4),
                  rs.getInt(5)));
      }
      return out;
    } catch (SQLException x) {
      throw storage(x);
    }
  }

  /** The (tenant, collection) pairs sampled on {@code day}. */
  synchronized List<String[]> sampledOn(String day) {
    ensureOpen();
    List<String[]> out = new ArrayList<>();
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT DISTINCT tenant, collection FROM drift_samples WHERE day = ?")) {
      ps.setString(1, day);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(new String[] {rs.getString(1), rs.getString(2)});
      }
      return out;
    } catch (SQLException x) {
      throw storage(x);
    }
  }

  /**
   * Records {@code a} unless that metric of that collection already alerted that day; true when
   * new.
   */
  synchronized boolean addAlert(DriftAlert a) {
    ensureOpen();
    try (PreparedStatement ps =
        db.prepareStatement(
            "INSERT OR IGNORE INTO drift_alerts(day, tenant, collection, metric, value, baseline,"
                + " band, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, a.day());
      ps.setString(2, a.tenant());
      ps.setString(3, a.collection());
      ps.setString(4, a.metric());
      ps.setDouble(5, a.value());
      ps.setDouble(6, a.baseline());
      ps.setDouble(7, a.band());
      ps.setLong(8, a.at().toEpochMilli());
      return ps.executeUpdate() == 1;
    } catch (SQLException x) {
      throw storage(x);
    }
  }

  /** The alerts from {@code fromDay} on, of {@code tenant} (all when empty), oldest first. */
  public synchronized List<DriftAlert> alerts(Optional<String> tenant, String fromDay) {
    ensureOpen();
    String sql =
        "SELECT day, tenant, collection, metric, value, baseline, band, at FROM drift_alerts"
            + " WHERE day >= ?"
            + (tenant.isPresent() ? " AND tenant = ?" : "")
            + " ORDER BY day, tenant, collection, metric";
    List<DriftAlert> out = new ArrayList<>();
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      ps.setString(1, fromDay);
      if (tenant.isPresent()) ps.setString(2, tenant.get());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next())
          out.add(
              new DriftAlert(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getDouble(5),
                  rs.getDouble(6),
                  rs.getDouble(7),
                  java.time.Instant.ofEpochMilli(rs.getLong(8))));
      }
      return out;
    } catch (SQLException x) {
      throw storage(x);
    }
  }

  private void ensureOpen() {
    if (closed) throw new IllegalStateException("drift store closed");
  }

  private static GroundedException storage(SQLException x) {
    return new GroundedException(
        ErrorCode.STORAGE_ERROR, "drift store: " + x.getMessage(), "data", x);
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    try {
      db.close();
    } catch (SQLException ignored) {
      // closing
    }
  }
}
