package dev.grounded.ingest;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ingest manifest in SQLite ({@code grounded.db}): collections, and per document its source,
 * content hash, version and chunk count. It is written only after the index has committed the same
 * documents, and reconciled against the index when an ingest starts (the index is the truth after a
 * crash).
 *
 * <p>Thread-safe: every method is synchronized on the one connection.
 */
public final class Manifest implements AutoCloseable {
  private final Connection db;

  private Manifest(Connection db) {
    this.db = db;
  }

  public static Manifest open(Path file) {
    Connection c = null;
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=FULL");
        s.execute("PRAGMA busy_timeout=10000");
        s.execute(
            "CREATE TABLE IF NOT EXISTS collections (name TEXT PRIMARY KEY, created_at INTEGER NOT NULL)");
        s.execute(
            """
            CREATE TABLE IF NOT EXISTS documents (
              collection TEXT NOT NULL, doc_id TEXT NOT NULL, source TEXT NOT NULL, hash TEXT NOT NULL,
              version INTEGER NOT NULL, chunks INTEGER NOT NULL, ingested_at INTEGER NOT NULL,
              PRIMARY KEY (collection, doc_id))""");
      }
      return new Manifest(c);
    } catch (Exception e) {
      closeQuietly(c);
      throw new GroundedException(
          ErrorCode.STORAGE_ERROR, "cannot open " + file + ": " + e.getMessage(), "data", e);
    }
  }

  private static void closeQuietly(Connection c) {
    if (c == null) return;
    try {
      c.close();
    } catch (SQLException ignored) {
      // reporting the original failure matters more
    }
  }

  public synchronized void ensureCollection(String name) {
    update(
        "INSERT OR IGNORE INTO collections(name, created_at) VALUES (?, ?)",
        name,
        System.currentTimeMillis());
  }

  public synchronized List<String> collections() {
    List<String> names = new ArrayList<>();
    try (PreparedStatement ps = db.prepareStatement("SELECT name FROM collections ORDER BY name");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) names.add(rs.getString(1));
      return names;
    } catch (SQLException e) {
      throw storage(e);
    }
  }

  /** All entries of a collection keyed by document id, in id order. */
  public synchronized Map<String, ManifestEntry> entries(String collection) {
    Map<String, ManifestEntry> out = new LinkedHashMap<>();
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT doc_id, source, hash, version, chunks, ingested_at FROM documents WHERE collection = ? ORDER BY doc_id")) {
      ps.setString(1, collection);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(
              rs.getString(1),
              new ManifestEntry(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getLong(4),
                  rs.getInt(5),
                  rs.getLong(6)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw storage(e);
    }
  }

  /** Inserts or replaces entries and deletes ids, in one transaction. */
  public synchronized void apply(
      String collection, Collection<ManifestEntry> upserts, Collection<String> deletes) {
    try {
      db.setAutoCommit(false);
      try (PreparedStatement up =
              db.prepareStatement(
                  "INSERT OR REPLACE INTO documents(collection, doc_id, source, hash, version, chunks, ingested_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement del =
              db.prepareStatement("DELETE FROM documents WHERE collection = ? AND doc_id = ?")) {
        for (ManifestEntry e : upserts) {
          up.setString(1, collection);
          up.setString(2, e.documentId());
          up.setString(3, e.source());
          up.setString(4, e.contentHash());
          up.setLong(5, e.version());
          up.setInt(6, e.chunks());
          up.setLong(7, e.ingestedAtMillis());
          up.addBatch();
        }
        for (String id : deletes) {
          del.setString(1, collection);
          del.setString(2, id);
          del.addBatch();
        }
        up.executeBatch();
        del.executeBatch();
      }
      db.commit();
    } catch (SQLException e) {
      try {
        db.rollback();
      } catch (SQLException ignored) {
        // the original failure is what matters
      }
      throw storage(e);
    } finally {
      try {
        db.setAutoCommit(true);
      } catch (SQLException ignored) {
        // connection is broken; the next call reports it
      }
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

  private static GroundedException storage(SQLException e) {
    return new GroundedException(ErrorCode.STORAGE_ERROR, "manifest: " + e.getMessage(), null, e);
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      throw storage(e);
    }
  }
}
