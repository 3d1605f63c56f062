package dev.grounded.gateway.auth;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The API keys of a data directory, in its SQLite file ({@code grounded.db}, table {@code
 * api_keys}). Stores per key its tenant, name, a random 16-byte salt and SHA-256(salt || secret),
 * never the secret itself.
 *
 * <p>Thread-safe: every method is synchronized on the one connection. Each call reads the database,
 * so keys created or revoked by another process are seen on the next call.
 */
public final class ApiKeys implements AutoCloseable {
  /** The last-used time is written at most this often per key, not on every request. */
  static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

  private final Connection db;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private boolean closed;

  private ApiKeys(Connection db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Opens (creating if needed) the store in {@code dbFile}, usually {@code <data>/grounded.db}. */
  public static ApiKeys open(Path dbFile) {
    return open(dbFile, Clock.systemUTC());
  }

  /** As {@link #open(Path)}, with the clock that dates creation, revocation and last use. */
  public static ApiKeys open(Path dbFile, Clock clock) {
    Objects.requireNonNull(dbFile, "dbFile");
    Objects.requireNonNull(clock, "clock");
    Connection c = null;
    try {
      c = dev.grounded.core.Sqlite.open(dbFile, "synchronous=FULL");
      try (Statement s = c.createStatement()) {
        s.execute(
            """
            CREATE TABLE IF NOT EXISTS api_keys (
              key_id TEXT PRIMARY KEY, tenant TEXT NOT NULL, name TEXT NOT NULL,
              salt BLOB NOT NULL, hash BLOB NOT NULL, created_at INTEGER NOT NULL,
              revoked_at INTEGER, last_used_at INTEGER)""");
      }
      return new ApiKeys(c, clock);
    } catch (Exception e) {
      closeQuietly(c);
      throw new GroundedException(
          ErrorCode.STORAGE_ERROR, "cannot open " + dbFile + ": " + e.getMessage(), "data", e);
    }
  }

  /**
   * Creates a key for {@code tenant} with a free-text {@code name} (empty for none, at most 100
   * characters). The returned {@link IssuedKey#secret()} is the only copy of the full key.
   */
  public synchronized IssuedKey create(String tenant, String name) {
    Tenants.check(tenant);
    ApiKey.checkName(name);
    ensureOpen();
    Instant now = now();
    for (int attempt = 1; ; attempt++) {
      ApiKey key =
          new ApiKey(
              KeyFormat.newId(random), tenant, name, now, Optional.empty(), Optional.empty());
      byte[] secret = KeyFormat.newSecret(random);
      byte[] salt = KeyFormat.newSalt(random);
      int inserted =
          update(
              "INSERT OR IGNORE INTO api_keys(key_id, tenant, name, salt, hash, created_at)"
                  + " VALUES (?, ?, ?, ?, ?, ?)",
              key.id(),
              tenant,
              name,
              salt,
              KeyFormat.hash(salt, secret),
              now.toEpochMilli());
      if (inserted == 1) return new IssuedKey(key, KeyFormat.format(key.id(), secret));
      // 60-bit ids practically never collide: a broken random source fails here, not in a loop.
      if (attempt == 3) throw storage("three random key ids in a row already exist", null);
    }
  }

  /** All keys, or those of one tenant if {@code tenantOrNull} is not null, oldest first. */
  public synchronized List<ApiKey> list(String tenantOrNull) {
    if (tenantOrNull != null) Tenants.check(tenantOrNull);
    ensureOpen();
    List<Stored> rows =
        tenantOrNull == null
            ? select("ORDER BY created_at, key_id")
            : select("WHERE tenant = ? ORDER BY created_at, key_id", tenantOrNull);
    return rows.stream().map(Stored::key).toList();
  }

  /**
   * Revokes the key with this id from now on. Returns false if there is no such key; revoking a
   * revoked key returns true and keeps the first revocation time.
   */
  public synchronized boolean revoke(String keyId) {
    Objects.requireNonNull(keyId, "keyId");
    ensureOpen();
    if (!KeyFormat.isId(keyId)) return false;
    String sql = "UPDATE api_keys SET revoked_at = ? WHERE key_id = ? AND revoked_at IS NULL";
    return update(sql, now().toEpochMilli(), keyId) == 1
        || !select("WHERE key_id = ?", keyId).isEmpty();
  }

  /**
   * The principal of a presented key ({@code gr-<id>-<secret>}), or empty if the key is malformed,
   * unknown, wrong or revoked. Never throws for malformed input; storage failures are thrown.
   */
  public synchronized Optional<Principal> authenticate(String presentedKey) {
    Objects.requireNonNull(presentedKey, "presentedKey");
    ensureOpen();
    Optional<KeyFormat.Parsed> parsed = KeyFormat.parse(presentedKey);
    if (parsed.isEmpty()) return Optional.empty();
    List<Stored> rows = select("WHERE key_id = ?", parsed.get().id());
    if (rows.isEmpty()) return Optional.empty();
    Stored stored = rows.getFirst();
    byte[] presented = KeyFormat.hash(stored.salt(), parsed.get().secret());
    // Constant time: the comparison must not reveal how many leading bytes were right.
    if (!MessageDigest.isEqual(stored.hash(), presented) || !stored.key().active())
      return Optional.empty();
    touch(stored.key());
    return Optional.of(new Principal(stored.key().tenant(), stored.key().id()));
  }

  /** Whether any key is not revoked; without one, the server must stay on loopback. */
  public synchronized boolean anyActive() {
    ensureOpen();
    return !select("WHERE revoked_at IS NULL LIMIT 1").isEmpty();
  }

  /** Records use at most once per {@link #TOUCH_INTERVAL}; best effort, never fails the caller. */
  private void touch(ApiKey key) {
    Instant now = now();
    Instant due = now.minus(TOUCH_INTERVAL);
    if (key.lastUsedAt().filter(t -> t.isAfter(due)).isPresent()) return;
    try {
      update(
          "UPDATE api_keys SET last_used_at = ? WHERE key_id = ?"
              + " AND (last_used_at IS NULL OR last_used_at <= ?)",
          now.toEpochMilli(),
          key.id(),
          due.toEpochMilli());
    } catch (GroundedException ignored) {
      // the key is valid: a busy or read-only database must not turn that into a failure
    }
  }

  /** A row: the key and what checks its secret. */
  private record Stored(ApiKey key, byte[] salt, byte[] hash) {}

  private List<Stored> select(String whereAndOrder, Object... args) {
    String sql =
        "SELECT key_id, tenant, name, created_at, revoked_at, last_used_at, salt, hash"
            + " FROM api_keys "
            + whereAndOrder;
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
      List<Stored> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ApiKey key =
              new ApiKey(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  Instant.ofEpochMilli(rs.getLong(4)),
                  instant(rs, 5),
                  instant(rs, 6));
          rows.add(new Stored(key, rs.getBytes(7), rs.getBytes(8)));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw storage(e.getMessage(), e);
    }
  }

  private static Optional<Instant> instant(ResultSet rs, int column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private int update(String sql, Object... args) {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw storage(e.getMessage(), e);
    }
  }

  private void ensureOpen() {
    if (closed) throw new IllegalStateException("the API key store is closed; open it again");
  }

  private static GroundedException storage(String message, SQLException e) {
    return new GroundedException(ErrorCode.STORAGE_ERROR, "api keys: " + message, null, e);
  }

  private static void closeQuietly(Connection c) {
    if (c == null) return;
    try {
      c.close();
    } catch (SQLException ignored) {
      // reporting the original failure matters more
    }
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    try {
      db.close();
    } catch (SQLException e) {
      throw storage(e.getMessage(), e);
    }
  }
}
