package dev.grounded.gateway.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The registry's rows in SQLite: {@code registry_versions} (immutable, a trigger refuses {@code
 * UPDATE}) and {@code registry_labels} (every move of a label a row; the current state is the
 * newest row not rolled back). Row access only: what the rows mean is {@link Registry}'s. Not
 * thread-safe; {@link Registry} serializes calls. Failures are {@code storage_error}s.
 */
final class RegistryTables implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Connection db;

  private RegistryTables(Connection db) {
    this.db = db;
  }

  static RegistryTables open(Path dbFile) {
    Connection c = null;
    try {
      c = dev.grounded.core.Sqlite.open(dbFile, "synchronous=FULL");
      try (Statement s = c.createStatement()) {
        s.execute(
            """
            CREATE TABLE IF NOT EXISTS registry_versions (
              tenant TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,
              version INTEGER NOT NULL, body TEXT NOT NULL, note TEXT NOT NULL,
              created_at INTEGER NOT NULL, PRIMARY KEY (tenant, kind, name, version))""");
        s.execute(
            """
            CREATE TRIGGER IF NOT EXISTS registry_versions_immutable
            BEFORE UPDATE ON registry_versions
            BEGIN SELECT RAISE(ABORT, 'registry versions are immutable'); END""");
        s.execute(
            """
            CREATE TABLE IF NOT EXISTS registry_labels (
              id INTEGER PRIMARY KEY AUTOINCREMENT, tenant TEXT NOT NULL, kind TEXT NOT NULL,
              name TEXT NOT NULL, label TEXT NOT NULL, version INTEGER NOT NULL,
              split_version INTEGER, split_percent INTEGER NOT NULL DEFAULT 0,
              at INTEGER NOT NULL, rolled_back INTEGER NOT NULL DEFAULT 0)""");
        s.execute(
            "CREATE INDEX IF NOT EXISTS registry_labels_entry"
                + " ON registry_labels(tenant, kind, name, label, id)");
      }
      return new RegistryTables(c);
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

  /** Runs {@code work} in one immediate transaction: other writers wait, readers never do. */
  <T> T write(Supplier<T> work) {
    try (Statement s = db.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      boolean committed = false;
      try {
        T result = work.get();
        s.execute("COMMIT");
        committed = true;
        return result;
      } finally {
        if (!committed) s.execute("ROLLBACK");
      }
    } catch (SQLException e) {
      throw storage(e);
    }
  }

  /** The names of the tenant's stored entries of {@code kind}. */
  TreeSet<String> names(String tenant, Kind kind) {
    TreeSet<String> names = new TreeSet<>();
    query(
        "SELECT DISTINCT name FROM registry_versions WHERE tenant = ? AND kind = ?",
        rs -> names.add(rs.getString(1)),
        tenant,
        kind.id());
    return names;
  }

  /** Every stored version of the entry ({@code number} 0), or only version {@code number}. */
  List<Version> versions(String tenant, Kind kind, String name, int number) {
    String sql =
        "SELECT version, body, note, created_at FROM registry_versions"
            + " WHERE tenant = ? AND kind = ? AND name = ?"
            + (number > 0 ? " AND version = ?" : "")
            + " ORDER BY version";
    List<Version> out = new ArrayList<>();
    Object[] args =
        number > 0
            ? new Object[] {tenant, kind.id(), name, number}
            : new Object[] {tenant, kind.id(), name};
    query(
        sql,
        rs -> {
          ObjectNode body;
          try {
            body = (ObjectNode) JSON.readTree(rs.getString(2));
          } catch (IOException | ClassCastException e) {
            throw new GroundedException(
                ErrorCode.STORAGE_ERROR, "registry: a stored version is not a JSON object");
          }
          out.add(
              new Version(
                  tenant,
                  kind,
                  name,
                  rs.getInt(1),
                  body,
                  rs.getString(3),
                  Instant.ofEpochMilli(rs.getLong(4))));
        },
        args);
    return out;
  }

  /** The newest stored version's number, 0 when none is stored. */
  int maxVersion(String tenant, Kind kind, String name) {
    int[] max = {0};
    query(
        "SELECT COALESCE(MAX(version), 0) FROM registry_versions"
            + " WHERE tenant = ? AND kind = ? AND name = ?",
        rs -> max[0] = rs.getInt(1),
        tenant,
        kind.id(),
        name);
    return max[0];
  }

  void insertVersion(Version v) {
    update(
        "INSERT INTO registry_versions(tenant, kind, name, version, body, note, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)",
        v.tenant(),
        v.kind().id(),
        v.name(),
        v.number(),
        v.body().toString(),
        v.note(),
        v.createdAt().toEpochMilli());
  }

  /** The current state of each stored label of the entry, by label name. */
  Map<String, Label> labels(String tenant, Kind kind, String name) {
    Map<String, Label> out = new TreeMap<>();
    query(
        "SELECT label, version, split_version, split_percent, at FROM registry_labels l"
            + " WHERE tenant = ? AND kind = ? AND name = ? AND rolled_back = 0 AND id ="
            + " (SELECT MAX(id) FROM registry_labels m WHERE m.tenant = l.tenant AND m.kind ="
            + " l.kind AND m.name = l.name AND m.label = l.label AND m.rolled_back = 0)",
        rs -> {
          int splitVersion = rs.getInt(3);
          Optional<Split> split =
              rs.wasNull() ? Optional.empty() : Optional.of(new Split(splitVersion, rs.getInt(4)));
          out.put(
              rs.getString(1),
              new Label(rs.getString(1), rs.getInt(2), split, Instant.ofEpochMilli(rs.getLong(5))));
        },
        tenant,
        kind.id(),
        name);
    return out;
  }

  /** Appends a move of a label. */
  void insertLabel(String tenant, Kind kind, String name, Label l) {
    update(
        "INSERT INTO registry_labels(tenant, kind, name, label, version, split_version,"
            + " split_percent, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        tenant,
        kind.id(),
        name,
        l.name(),
        l.version(),
        l.split().map(Split::version).orElse(null),
        l.split().map(Split::percent).orElse(0),
        l.at().toEpochMilli());
  }

  /** The ids of the label's moves not rolled back, newest first, at most {@code limit}. */
  List<Long> activeMoves(String tenant, Kind kind, String name, String label, int limit) {
    List<Long> ids = new ArrayList<>();
    query(
        "SELECT id FROM registry_labels WHERE tenant = ? AND kind = ? AND name = ?"
            + " AND label = ? AND rolled_back = 0 ORDER BY id DESC LIMIT ?",
        rs -> ids.add(rs.getLong(1)),
        tenant,
        kind.id(),
        name,
        label,
        limit);
    return ids;
  }

  void markRolledBack(long moveId) {
    update("UPDATE registry_labels SET rolled_back = 1 WHERE id = ?", moveId);
  }

  @FunctionalInterface
  private interface Row {
    void read(ResultSet rs) throws SQLException;
  }

  private void query(String sql, Row row, Object... args) {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) row.read(rs);
      }
    } catch (SQLException e) {
      throw storage(e);
    }
  }

  private void update(String sql, Object... args) {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw storage(e);
    }
  }

  static GroundedException storage(SQLException e) {
    return new GroundedException(ErrorCode.STORAGE_ERROR, "registry: " + e.getMessage(), null, e);
  }

  @Override
  public void close() {
    try {
      db.close();
    } catch (SQLException e) {
      throw storage(e);
    }
  }
}
