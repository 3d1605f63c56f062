package dev.grounded.audit.log;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.guard.provenance.SigningKey;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The audit log: one record per request in the data directory's SQLite file ({@code grounded.db},
 * table {@code audit}), append-only and hash-chained: record {@code n} stores the hash of record
 * {@code n-1}, and its own hash covers its number, that link and its JSON text. Signed checkpoints
 * ({@link Checkpoint}, table {@code audit_checkpoints}) state the chain's head every {@link
 * AuditOptions#checkpointEvery} records and at the first write after {@link
 * AuditOptions#checkpointInterval}; {@link #verify} recomputes everything and names the first
 * record that is not as written.
 *
 * <p>What a record holds is never a person's text: users appear as keyed references ({@link
 * #userRef}), prompts and answers as keyed hashes ({@link TextHasher}). The names behind the
 * references ({@code audit_users}) and, by policy per tenant, the full texts ({@code audit_texts})
 * live outside the chain, so {@link #forgetUser} and {@link #forgetDocument} remove them and the
 * chain still verifies.
 *
 * <p>Thread-safe: calls are serialized on one connection; appends of several processes are
 * serialized by SQLite ({@code BEGIN IMMEDIATE}), each reading the head inside its transaction, so
 * the chain stays one chain.
 */
public final class AuditLog implements AutoCloseable {
  /** The link of the first record. */
  public static final String GENESIS = "0".repeat(64);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Connection db;
  private final SigningKey key;
  private final TextHasher hasher;
  private final AuditOptions options;
  private final Clock clock;
  private boolean closed;

  private AuditLog(
      Connection db, SigningKey key, TextHasher hasher, AuditOptions options, Clock clock) {
    this.db = db;
    this.key = key;
    this.hasher = hasher;
    this.options = options;
    this.clock = clock;
  }

  /**
   * Opens (creating if needed) the tables in {@code dbFile}, usually {@code <data>/grounded.db}.
   *
   * @param key signs checkpoints and verifies them (the instance's key)
   * @param hasher hashes texts and user names (the instance's HMAC key)
   */
  public static AuditLog open(
      Path dbFile, SigningKey key, TextHasher hasher, AuditOptions options, Clock clock) {
    Objects.requireNonNull(dbFile, "dbFile");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(hasher, "hasher");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(clock, "clock");
    Connection c =
        dev.grounded.core.Sqlite.openStore(
            dbFile,
            List.of(
                """
            CREATE TABLE IF NOT EXISTS audit (
              seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, tenant TEXT NOT NULL,
              user_ref TEXT NOT NULL, kind TEXT NOT NULL, request_id TEXT NOT NULL,
              body TEXT NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL)""",
                "CREATE INDEX IF NOT EXISTS audit_tenant_at ON audit(tenant, at)",
                "CREATE INDEX IF NOT EXISTS audit_request ON audit(request_id)",
                "CREATE INDEX IF NOT EXISTS audit_user ON audit(tenant, user_ref)",
                """
            CREATE TABLE IF NOT EXISTS audit_checkpoints (
              seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, hash TEXT NOT NULL,
              previous INTEGER NOT NULL, key_id TEXT NOT NULL, signature TEXT NOT NULL)""",
                """
            CREATE TABLE IF NOT EXISTS audit_users (
              user_ref TEXT PRIMARY KEY, tenant TEXT NOT NULL, name TEXT NOT NULL)""",
                """
            CREATE TABLE IF NOT EXISTS audit_texts (
              seq INTEGER NOT NULL, role TEXT NOT NULL, text TEXT NOT NULL,
              PRIMARY KEY (seq, role))""",
                """
            CREATE TABLE IF NOT EXISTS provenance (
              id TEXT PRIMARY KEY, tenant TEXT NOT NULL, seq INTEGER NOT NULL,
              record TEXT NOT NULL)""",
                """
            CREATE TABLE IF NOT EXISTS audit_sources (
              seq INTEGER NOT NULL, tenant TEXT NOT NULL, collection TEXT NOT NULL,
              document_id TEXT NOT NULL)""",
                "CREATE INDEX IF NOT EXISTS audit_sources_doc ON audit_sources(tenant, collection,"
                    + " document_id)"),
            "synchronous=FULL");
    try {
      // the driver would run SELECT last_insert_rowid() after every INSERT for
      // getGeneratedKeys(), which this log never calls: about a quarter of an append's CPU
      c.unwrap(org.sqlite.SQLiteConnection.class).getConnectionConfig().setGetGeneratedKeys(false);
    } catch (java.sql.SQLException e) {
      // another driver: nothing to turn off
    }
    return new AuditLog(c, key, hasher, options, clock);
  }

  /** The hasher records' text hashes are made with. */
  public TextHasher hasher() {
    return hasher;
  }

  /** The public half of the key checkpoints are signed with. */
  public SigningKey key() {
    return key;
  }

  /**
   * How {@code user} of {@code tenant} appears in records: {@code u_} and 32 hex digits of a keyed
   * hash, stable for the instance; empty for no user.
   */
  public String userRef(String tenant, String user) {
    if (user.isEmpty()) return "";
    return "u_" + hasher.hash(tenant + "\u0000" + user).substring(0, 32);
  }

  /** The hash of record {@code seq}: its number, the link to the record before and its text. */
  public static String chainHash(long seq, String prev, String body) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(("grounded-audit-v1\n" + seq + "\n" + prev + "\n").getBytes(StandardCharsets.UTF_8));
      d.update(body.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Appends {@code entries} in one transaction, all or none; returns their numbers. */
  public synchronized List<Long> appendAll(List<AuditEntry> entries) {
    List<AuditEntry> rows = List.copyOf(entries);
    ensureOpen();
    if (rows.isEmpty()) return List.of();
    List<Pending> pending = new ArrayList<>(rows.size());
    for (AuditEntry e : rows) {
      AuditRecord r = e.record();
      boolean texts = options.storesText(r.tenant());
      pending.add(
          new Pending(
              completed(r, userRef(r.tenant(), r.user()), e),
              r.user(),
              texts ? e.input() : "",
              texts ? e.output() : "",
              e.provenance()));
    }
    return inTransaction(() -> append(pending));
  }

  private record Pending(
      AuditRecord record, String userName, String input, String output, String provenance) {}

  /**
   * {@code r} with its user as {@code user} and the keyed hashes of the entry's texts where the
   * caller left them to the log (empty hashes of non-empty texts): the hashing is then done here,
   * on the writer's thread, not on the request's.
   */
  private AuditRecord completed(AuditRecord r, String user, AuditEntry e) {
    return new AuditRecord(
        r.at(),
        r.kind(),
        r.tenant(),
        r.keyId(),
        user,
        r.route(),
        r.prompt(),
        r.model(),
        r.upstream(),
        r.sources(),
        r.findings(),
        r.cached(),
        r.tokensIn(),
        r.tokensOut(),
        r.costMicros(),
        r.outcome(),
        r.requestId(),
        r.inputHash().isEmpty() ? hasher.hash(e.input()) : r.inputHash(),
        r.outputHash().isEmpty() ? hasher.hash(e.output()) : r.outputHash());
  }

  /** Inside a transaction: chains and inserts, then checkpoints when one is due. */
  private List<Long> append(List<Pending> rows) throws SQLException {
    long seq = 0;
    String prev = GENESIS;
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")) {
      if (rs.next()) {
        seq = rs.getLong(1);
        prev = rs.getString(2);
      }
    }
    long first = seq + 1;
    List<Long> seqs = new ArrayList<>(rows.size());
    Set<String> named = new HashSet<>(); // users whose name this batch has stored already
    try (PreparedStatement ins =
            db.prepareStatement(
                "INSERT INTO audit(seq, at, tenant, user_ref, kind, request_id, body, prev, hash)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement user =
            db.prepareStatement(
                "INSERT OR IGNORE INTO audit_users(user_ref, tenant, name) VALUES (?, ?, ?)");
        PreparedStatement text =
            db.prepareStatement("INSERT INTO audit_texts(seq, role, text) VALUES (?, ?, ?)");
        PreparedStatement source =
            db.prepareStatement(
                "INSERT INTO audit_sources(seq, tenant, collection, document_id)"
                    + " VALUES (?, ?, ?, ?)");
        PreparedStatement provenance =
            db.prepareStatement(
                "INSERT OR REPLACE INTO provenance(id, tenant, seq, record) VALUES (?, ?, ?, ?)")) {
      for (Pending p : rows) {
        AuditRecord r = p.record();
        seq++;
        String body = AuditCodec.encode(r);
        String hash = chainHash(seq, prev, body);
        ins.setLong(1, seq);
        ins.setLong(2, r.at().toEpochMilli());
        ins.setString(3, r.tenant());
        ins.setString(4, r.user());
        ins.setString(5, r.kind());
        ins.setString(6, r.requestId());
        ins.setString(7, body);
        ins.setString(8, prev);
        ins.setString(9, hash);
        ins.executeUpdate();
        if (!p.userName().isEmpty() && named.add(r.user())) {
          user.setString(1, r.user());
          user.setString(2, r.tenant());
          user.setString(3, p.userName());
          user.executeUpdate();
        }
        for (String[] t : new String[][] {{"input", p.input()}, {"output", p.output()}}) {
          if (t[1].isEmpty()) continue;
          text.setLong(1, seq);
          text.setString(2, t[0]);
          text.setString(3, t[1]);
          text.executeUpdate();
        }
        for (AuditRecord.Source src : r.sources()) {
          source.setLong(1, seq);
          source.setString(2, r.tenant());
          source.setString(3, src.collection());
          source.setString(4, src.documentId());
          source.executeUpdate();
        }
        if (!p.provenance().isEmpty()) {
          provenance.setString(1, "prov_" + r.requestId());
          provenance.setString(2, r.tenant());
          provenance.setLong(3, seq);
          provenance.setString(4, p.provenance());
          provenance.executeUpdate();
        }
        seqs.add(seq);
        prev = hash;
      }
    }
    Optional<Checkpoint> last = lastCheckpoint();
    long lastSeq = last.map(Checkpoint::seq).orElse(0L);
    Instant now = clock.instant();
    boolean crossed = (first - 1) / options.checkpointEvery() != seq / options.checkpointEvery();
    boolean stale =
        last.isEmpty()
            || Duration.between(last.get().at(), now).compareTo(options.checkpointInterval()) >= 0;
    if (seq > lastSeq && (crossed || stale)) sign(seq, prev, now, lastSeq);
    return seqs;
  }

  /**
   * Signs the chain's head now unless a checkpoint already covers it; returns the latest checkpoint
   * (empty for an empty log).
   */
  public synchronized Optional<Checkpoint> checkpoint() {
    ensureOpen();
    return inTransaction(
        () -> {
          Optional<Checkpoint> last = lastCheckpoint();
          try (Statement s = db.createStatement();
              ResultSet rs =
                  s.executeQuery("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")) {
            if (!rs.next()) return last;
            long seq = rs.getLong(1);
            if (last.isPresent() && last.get().seq() >= seq) return last;
            return Optional.of(
                sign(seq, rs.getString(2), clock.instant(), last.map(Checkpoint::seq).orElse(0L)));
          }
        });
  }

  private Checkpoint sign(long seq, String hash, Instant at, long previous) throws SQLException {
    Instant t = Instant.ofEpochMilli(at.toEpochMilli()); // stored in millis: sign what is stored
    Checkpoint c =
        new Checkpoint(
            seq, t, hash, previous, key.id(), key.sign(Checkpoint.message(seq, hash, t, previous)));
    try (PreparedStatement ps =
        db.prepareStatement(
            "INSERT INTO audit_checkpoints(seq, at, hash, previous, key_id, signature)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, c.seq());
      ps.setLong(2, c.at().toEpochMilli());
      ps.setString(3, c.hash());
      ps.setLong(4, c.previous());
      ps.setString(5, c.keyId());
      ps.setString(6, c.signature());
      ps.executeUpdate();
    }
    return c;
  }

  private Optional<Checkpoint> lastCheckpoint() throws SQLException {
    List<Checkpoint> l = checkpoints("ORDER BY seq DESC LIMIT 1");
    return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
  }

  /** Every checkpoint, oldest first. */
  public synchronized List<Checkpoint> checkpoints() {
    ensureOpen();
    try {
      return checkpoints("ORDER BY seq");
    } catch (SQLException x) {
      throw storage(x);
    }
  }

  private List<Checkpoint> checkpoints(String tail) throws SQLException {
    return readCheckpoints(db, tail);
  }

  /** The checkpoints in {@code db}, in the order {@code tail} ({@code ORDER BY …}) gives. */
  static List<Checkpoint> readCheckpoints(Connection db, String tail) throws SQLException {
    List<Checkpoint> out = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT seq, at, hash, previous, key_id, signature FROM audit_checkpoints "
                    + tail)) {
      while (rs.next())
        out.add(
            new Checkpoint(
                rs.getLong(1),
                Instant.ofEpochMilli(rs.getLong(2)),
                rs.getString(3),
                rs.getLong(4),
                rs.getString(5),
                rs.getString(6)));
    }
    return out;
  }

  /**
   * Recomputes the chain and checks every checkpoint's signature and hash, every record's columns
   * against its text, and every stored text against its record's hash. Names the first record that
   * is not as it was written.
   */
  public synchronized AuditVerification verify() {
    ensureOpen();
    try {
      return new Verifier(db, key, hasher).run();
    } catch (SQLException x) {
      throw storage(x);
    }
  }

  /** The records {@code q} matches, oldest first. */
  public synchronized List<StoredRecord> query(AuditQuery q) {
    Objects.requireNonNull(q, "query");
    ensureOpen();
    List<Object> args = new ArrayList<>();
    StringBuilder sql =
        new StringBuilder(
            "SELECT a.seq, a.prev, a.hash, a.body, COALESCE(u.name, '') FROM audit a"
                + " LEFT JOIN audit_users u ON u.user_ref = a.user_ref AND a.user_ref <> ''"
                + " WHERE a.seq > ?");
    args.add(q.afterSeq());
    q.tenant().ifPresent(t -> add(sql, args, " AND a.tenant = ?", t));
    q.since().ifPresent(t -> add(sql, args, " AND a.at >= ?", t.toEpochMilli()));
    q.until().ifPresent(t -> add(sql, args, " AND a.at < ?", t.toEpochMilli()));
    q.kind().ifPresent(k -> add(sql, args, " AND a.kind = ?", k));
    q.requestId().ifPresent(r -> add(sql, args, " AND a.request_id = ?", r));
    if (q.user().isPresent()) {
      // the reference depends on the tenant: match each tenant's reference of the name
      sql.append(" AND a.user_ref IN (SELECT user_ref FROM audit_users WHERE name = ?");
      args.add(q.user().get());
      q.tenant().ifPresent(t -> add(sql, args, " AND tenant = ?", t));
      sql.append(")");
    }
    if (q.document().isPresent()) {
      String d = q.document().get();
      int slash = d.indexOf('/');
      sql.append(
          " AND a.seq IN (SELECT seq FROM audit_sources WHERE collection = ? AND document_id = ?)");
      args.add(d.substring(0, slash));
      args.add(d.substring(slash + 1));
    }
    sql.append(" ORDER BY a.seq LIMIT ?");
    args.add(q.limit());
    List<StoredRecord> out = new ArrayList<>();
    try (PreparedStatement ps = db.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next())
          out.add(
              new StoredRecord(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getString(3),
                  AuditCodec.decode(rs.getString(4)),
                  rs.getString(5)));
      }
      return out;
    } catch (SQLException x) {
      throw storage(x);
    }
  }

  private static void add(StringBuilder sql, List<Object> args, String clause, Object arg) {
    sql.append(clause);
    args.add(arg);
  }

  /** The provenance record {@code id} of {@code tenant} as it was signed, if this log kept it. */
  public synchronized Optional<String> provenance(String tenant, String id) {
    ensureOpen();
    try (PreparedStatement ps =
        db.prepareStatement("SELECT record FROM provenance WHERE id = ? AND tenant = ?")) {
      ps.setString(1, id);
      ps.setString(2, tenant);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException x) {
      throw storage(x);
    }
  }

  /** The full texts kept for record {@code seq} by role ({@code input}, {@code output}). */
  public synchronized java.util.Map<String, String> texts(long seq) {
    ensureOpen();
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    try (PreparedStatement ps =
        db.prepareStatement("SELECT role, text FROM audit_texts WHERE seq = ?")) {
      ps.setLong(1, seq);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.put(rs.getString(1), rs.getString(2));
      }
      return out;
    } catch (SQLException x) {
      throw storage(x);
    }
  }

  /**
   * Writes the records {@code q} matches as JSON lines: {@code {"seq", "prev", "hash", "record",
   * "user_name"}}, and after a record a signed checkpoint names, a line {@code {"checkpoint": …}}.
   * The records' texts are exactly those hashed, so an export can be checked against the chain.
   * Returns how many records were written.
   */
  public long export(AuditQuery q, Writer out) throws IOException {
    List<Checkpoint> cps = checkpoints();
    java.util.Map<Long, Checkpoint> bySeq = new java.util.HashMap<>();
    for (Checkpoint c : cps) bySeq.put(c.seq(), c);
    long n = 0;
    long after = q.afterSeq();
    long left = q.limit();
    while (left > 0) {
      List<StoredRecord> page = query(q.page(after, (int) Math.min(1000, left)));
      if (page.isEmpty()) break;
      for (StoredRecord r : page) {
        out.write(recordJson(r).toString());
        out.write('\n');
        Checkpoint c = bySeq.get(r.seq());
        if (c != null) {
          ObjectNode cl = JSON.createObjectNode();
          cl.set("checkpoint", checkpointJson(c));
          out.write(cl.toString());
          out.write('\n');
        }
        after = r.seq();
        n++;
        left--;
      }
    }
    out.flush();
    return n;
  }

  /** A checkpoint as JSON, as exports and the API show it. */
  public static ObjectNode checkpointJson(Checkpoint c) {
    ObjectNode o = JSON.createObjectNode();
    o.put("seq", c.seq());
    o.put("at", c.at().toString());
    o.put("hash", c.hash());
    o.put("previous", c.previous());
    o.put("key_id", c.keyId());
    o.put("signature", c.signature());
    return o;
  }

  /** A stored record as JSON, as exports and the API show it. */
  public static ObjectNode recordJson(StoredRecord r) {
    ObjectNode line = JSON.createObjectNode();
    line.put("seq", r.seq());
    line.put("prev", r.prev());
    line.put("hash", r.hash());
    line.set("record", AuditCodec.toJson(r.record()));
    line.put("user_name", r.userName());
    return line;
  }

  /** A verification as JSON. */
  public static ObjectNode verificationJson(AuditVerification v) {
    ObjectNode o = JSON.createObjectNode();
    o.put("object", "audit.verification");
    o.put("ok", v.ok());
    o.put("records", v.records());
    o.put("checkpoints", v.checkpoints());
    o.put("covered_through", v.coveredThrough());
    if (!v.ok()) {
      o.put("first_bad", v.firstBad());
      o.put("problem", v.problem());
    }
    return o;
  }

  /** What a deletion removed. */
  public record Forgotten(long records, long texts, long deletionSeq) {}

  /**
   * Forgets {@code user} of {@code tenant}: deletes the name behind its reference and the texts
   * kept of its records, then appends a {@code deletion} record (naming only the reference). The
   * records stay, chained, and hold nothing that names the user.
   */
  public synchronized Forgotten forgetUser(String tenant, String user, String requestId) {
    ensureOpen();
    String ref = userRef(tenant, user);
    if (ref.isEmpty()) throw GroundedException.invalid("user", "a user to forget is required");
    return inTransaction(
        () -> {
          long records =
              count("SELECT COUNT(*) FROM audit WHERE tenant = ? AND user_ref = ?", tenant, ref);
          long texts =
              update(
                  "DELETE FROM audit_texts WHERE seq IN"
                      + " (SELECT seq FROM audit WHERE tenant = ? AND user_ref = ?)",
                  tenant,
                  ref);
          update("DELETE FROM audit_users WHERE user_ref = ?", ref);
          AuditRecord deletion = deletion(tenant, ref, "user", List.of(), requestId);
          long seq = append(List.of(new Pending(deletion, "", "", "", ""))).get(0);
          return new Forgotten(records, texts, seq);
        });
  }

  /**
   * Forgets document {@code documentId} of {@code collection}: deletes the texts kept of records
   * that cited it (answers quote it), then appends a {@code deletion} record naming it. Use {@link
   * #query} with {@link AuditQuery#withDocument} first to list the answers that cited it.
   */
  public synchronized Forgotten forgetDocument(
      String tenant, String collection, String documentId, String requestId) {
    ensureOpen();
    return inTransaction(
        () -> {
          String cited =
              "SELECT seq FROM audit_sources WHERE tenant = ? AND collection = ? AND document_id = ?";
          long records =
              count(
                  "SELECT COUNT(DISTINCT seq) FROM (" + cited + ")",
                  tenant,
                  collection,
                  documentId);
          long texts =
              update(
                  "DELETE FROM audit_texts WHERE seq IN (" + cited + ")",
                  tenant,
                  collection,
                  documentId);
          AuditRecord deletion =
              deletion(
                  tenant,
                  "",
                  "document",
                  List.of(new AuditRecord.Source(collection, documentId, 0, "", 0, 0, 0)),
                  requestId);
          long seq = append(List.of(new Pending(deletion, "", "", "", ""))).get(0);
          return new Forgotten(records, texts, seq);
        });
  }

  private AuditRecord deletion(
      String tenant, String userRef, String what, List<AuditRecord.Source> sources, String rid) {
    return new AuditRecord(
        clock.instant(),
        "deletion",
        tenant,
        "",
        userRef,
        "forget " + what,
        "",
        "",
        "",
        sources,
        List.of(),
        false,
        0,
        0,
        0,
        "ok",
        rid,
        "",
        "");
  }

  private long count(String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  private long update(String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
      return ps.executeUpdate();
    }
  }

  private interface Work<T> {
    T run() throws SQLException;
  }

  private <T> T inTransaction(Work<T> work) {
    try (Statement s = db.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      boolean committed = false;
      try {
        T out = work.run();
        s.execute("COMMIT");
        committed = true;
        return out;
      } finally {
        if (!committed) s.execute("ROLLBACK");
      }
    } catch (SQLException x) {
      throw storage(x);
    }
  }

  private void ensureOpen() {
    if (closed) throw new IllegalStateException("audit log closed");
  }

  static GroundedException storage(SQLException x) {
    return new GroundedException(
        ErrorCode.STORAGE_ERROR, "audit log: " + x.getMessage(), "data", x);
  }

  /**
   * Closes the connection. Does not sign the head: a writer does that ({@link AuditWriter#close});
   * a reader must not sign what it has not verified.
   */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    try {
      db.close();
    } catch (SQLException ignored) {
      // closing: nothing left to do
    }
  }
}
