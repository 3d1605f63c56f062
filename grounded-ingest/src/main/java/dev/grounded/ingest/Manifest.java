package dev.grounded.ingest;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ingest manifest in SQLite ({@code grounded.db}): collections, and per document its source,
 * title, content hash, version, chunk count and metadata (JSON). It is written only after the index
 * has committed the same documents, and reconciled against the index when an ingest starts (the
 * index is the truth after a crash). Files of earlier versions are migrated when opened.
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
      c = dev.grounded.core.Sqlite.open(file, "synchronous=FULL");
      ManifestSchema.apply(c);
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

  /** Records the collection; true when it was not there before. */
  public synchronized boolean ensureCollection(String name) {
    return update(
            "INSERT OR IGNORE INTO collections(name, created_at) VALUES (?, ?)",
            name,
            System.currentTimeMillis())
        > 0;
  }

  public synchronized boolean hasCollection(String name) {
    try (PreparedStatement ps = db.prepareStatement("SELECT 1 FROM collections WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw storage(e);
    }
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

  /** Removes the collection and all its entries, in one transaction; false when it was absent. */
  public synchronized boolean dropCollection(String name) {
    return transaction(
        () -> {
          update("DELETE FROM documents WHERE collection = ?", name);
          return update("DELETE FROM collections WHERE name = ?", name) > 0;
        });
  }

  /** All entries of a collection keyed by document id, in id order. */
  public synchronized Map<String, ManifestEntry> entries(String collection) {
    Map<String, ManifestEntry> out = new LinkedHashMap<>();
    for (ManifestEntry e : select("collection = ?", -1, collection)) out.put(e.documentId(), e);
    return out;
  }

  /**
   * Up to {@code limit} entries in document-id order, starting after {@code afterId} (from the
   * first when null).
   */
  public synchronized List<ManifestEntry> entries(String collection, String afterId, int limit) {
    return afterId == null
        ? select("collection = ?", limit, collection)
        : select("collection = ? AND doc_id > ?", limit, collection, afterId);
  }

  public synchronized Optional<ManifestEntry> entry(String collection, String documentId) {
    return select("collection = ? AND doc_id = ?", 1, collection, documentId).stream().findFirst();
  }

  /** Entries matching {@code where} in id order, at most {@code limit} (all when negative). */
  private List<ManifestEntry> select(String where, int limit, String... args) {
    List<ManifestEntry> out = new ArrayList<>();
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT "
                + ManifestSchema.COLUMNS
                + " FROM documents WHERE "
                + where
                + " ORDER BY doc_id LIMIT ?")) {
      for (int i = 0; i < args.length; i++) ps.setString(i + 1, args[i]);
      ps.setInt(args.length + 1, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(ManifestSchema.row(rs));
      }
      return out;
    } catch (SQLException e) {
      throw storage(e);
    }
  }

  /** Inserts or replaces entries and deletes ids, in one transaction. */
  public synchronized void apply(
      String collection, Collection<ManifestEntry> upserts, Collection<String> deletes) {
    transaction(
        () -> {
          try (PreparedStatement up =
                  db.prepareStatement(
                      "INSERT OR REPLACE INTO documents(collection, "
                          + ManifestSchema.COLUMNS
                          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
              PreparedStatement del =
                  db.prepareStatement(
                      "DELETE FROM documents WHERE collection = ? AND doc_id = ?")) {
            for (ManifestEntry e : upserts) ManifestSchema.bind(up, collection, e).addBatch();
            for (String id : deletes) {
              del.setString(1, collection);
              del.setString(2, id);
              del.addBatch();
            }
            up.executeBatch();
            del.executeBatch();
          }
          return null;
        });
  }

  private interface Work<T> {
    T run() throws SQLException;
  }

  private <T> T transaction(Work<T> work) {
    try {
      db.setAutoCommit(false);
      T result = work.run();
      db.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        db.rollback();
      } catch (SQLException ignored) {
        // the original failure is what matters
      }
      throw e instanceof SQLException s ? storage(s) : (RuntimeException) e;
    } finally {
      try {
        db.setAutoCommit(true);
      } catch (SQLException ignored) {
        // connection is broken; the next call reports it
      }
    }
  }

  private int update(String sql, Object... args) {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
      return ps.executeUpdate();
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
