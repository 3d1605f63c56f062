package dev.grounded.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The manifest's tables and rows. Creates the tables and migrates older ones in place (columns
 * added since the first version are added to an existing {@code documents} table, and old rows read
 * them as NULL: an empty title, no metadata); maps a {@code documents} row to and from a {@link
 * ManifestEntry}, metadata as a JSON object.
 */
final class ManifestSchema {
  /** The {@code documents} columns a {@link ManifestEntry} maps to, in binding order. */
  static final String COLUMNS =
      "doc_id, source, title, hash, version, chunks, ingested_at, metadata";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

  private ManifestSchema() {}

  static void apply(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS collections (name TEXT PRIMARY KEY, created_at INTEGER NOT NULL)");
      s.execute(
          """
          CREATE TABLE IF NOT EXISTS documents (
            collection TEXT NOT NULL, doc_id TEXT NOT NULL, source TEXT NOT NULL, hash TEXT NOT NULL,
            version INTEGER NOT NULL, chunks INTEGER NOT NULL, ingested_at INTEGER NOT NULL,
            title TEXT, metadata TEXT,
            PRIMARY KEY (collection, doc_id))""");
      Set<String> columns = columns(s, "documents");
      for (String column : new String[] {"title", "metadata"}) {
        if (!columns.contains(column)) addColumn(s, "documents", column);
      }
    }
  }

  private static Set<String> columns(Statement s, String table) throws SQLException {
    Set<String> names = new HashSet<>();
    try (ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
      while (rs.next()) names.add(rs.getString("name"));
    }
    return names;
  }

  private static void addColumn(Statement s, String table, String column) throws SQLException {
    try {
      s.execute("ALTER TABLE " + table + " ADD COLUMN " + column + " TEXT");
    } catch (SQLException e) {
      // another process opening the same file migrated it first
      if (e.getMessage() == null || !e.getMessage().contains("duplicate column")) throw e;
    }
  }

  /** Reads a row selected as {@code collection}-less {@link #COLUMNS}. */
  static ManifestEntry row(ResultSet rs) throws SQLException {
    String title = rs.getString(3);
    return new ManifestEntry(
        rs.getString(1),
        rs.getString(2),
        title == null ? "" : title,
        rs.getString(4),
        rs.getLong(5),
        rs.getInt(6),
        rs.getLong(7),
        fromJson(rs.getString(8)));
  }

  /** Binds {@code collection} then {@link #COLUMNS} to parameters 1..9. */
  static PreparedStatement bind(PreparedStatement ps, String collection, ManifestEntry e)
      throws SQLException {
    ps.setString(1, collection);
    ps.setString(2, e.documentId());
    ps.setString(3, e.source());
    ps.setString(4, e.title());
    ps.setString(5, e.contentHash());
    ps.setLong(6, e.version());
    ps.setInt(7, e.chunks());
    ps.setLong(8, e.ingestedAtMillis());
    ps.setString(9, toJson(e.metadata()));
    return ps;
  }

  private static String toJson(Map<String, String> metadata) {
    try {
      return JSON.writeValueAsString(metadata);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always serializes", e);
    }
  }

  private static Map<String, String> fromJson(String json) {
    if (json == null || json.isEmpty()) return Map.of(); // rows from before metadata was kept
    try {
      return JSON.readValue(json, STRING_MAP);
    } catch (JsonProcessingException e) {
      throw new GroundedException(
          ErrorCode.STORAGE_ERROR, "manifest: unreadable metadata " + json, null, e);
    }
  }
}
