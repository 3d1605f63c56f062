package dev.grounded.audit.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.guard.provenance.SigningKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tampers with a real audit log on disk (a copy of one SQLite file per case) in 100 seeded random
 * ways — edited, deleted, inserted and reordered records, with and without renumbering, a rewritten
 * chain, altered texts — and checks that {@link AuditLog#verify} fails naming the first record that
 * is not as written; the untouched copy verifies.
 */
class AuditLogTamperTest {
  static final int RECORDS = 45;
  static final int EVERY = 10;

  /** The first write, then every 10th record, then the head when the writer is done. */
  static final long[] CHECKPOINTS = {1, 10, 20, 30, 40, 45};

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static Path original;
  static SigningKey key = SigningKey.generate();
  static TextHasher hasher = new TextHasher(new byte[32]);

  @BeforeAll
  static void writeLog() {
    original = dir.resolve("grounded.db");
    Clock clock = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);
    try (AuditLog log =
        AuditLog.open(
            original,
            key,
            hasher,
            new AuditOptions(Set.of("*"), EVERY, Duration.ofDays(1)),
            clock)) {
      for (int i = 1; i <= RECORDS; i++) {
        String input = "question " + i;
        String output = i % 3 == 0 ? "" : "answer " + i;
        log.appendAll(
            List.of(
                new AuditEntry(record(i, hasher.hash(input), hasher.hash(output)), input, output)));
      }
      log.checkpoint();
    }
  }

  static AuditRecord record(int i, String in, String out) {
    return new AuditRecord(
        Instant.parse("2026-12-07T10:00:00Z").plusSeconds(i),
        i % 4 == 0 ? "ask" : "chat",
        i % 2 == 0 ? "acme" : "default",
        "key" + (i % 3),
        "user" + (i % 5),
        "/v1/chat/completions",
        "",
        "gpt-x",
        "up-model",
        i % 4 == 0
            ? List.of(new AuditRecord.Source("docs", "doc" + i, 1, "h" + i, 0, 0, 10))
            : List.of(),
        i % 7 == 0 ? List.of("flag:pii.email") : List.of(),
        false,
        10 + i,
        20 + i,
        100L * i,
        "ok",
        "req-" + i,
        in,
        out);
  }

  @Test
  void anUntouchedLogVerifies() throws Exception {
    try (AuditLog log = reopen(copy("clean"))) {
      AuditVerification v = log.verify();
      assertThat(v.ok()).as(v.problem()).isTrue();
      assertThat(v.records()).isEqualTo(RECORDS);
      assertThat(v.coveredThrough()).isEqualTo(RECORDS);
      assertThat(v.checkpoints()).isEqualTo(CHECKPOINTS.length);
      assertThat(log.checkpoints())
          .extracting(Checkpoint::seq)
          .containsExactly(1L, 10L, 20L, 30L, 40L, 45L);
    }
  }

  enum Op {
    EDIT_BODY,
    EDIT_COLUMN,
    EDIT_HASH,
    DELETE,
    DELETE_RENUMBER,
    INSERT_RENUMBER,
    SWAP_ROWS,
    SWAP_BODIES,
    REWRITE_CHAIN,
    EDIT_TEXT
  }

  @Test
  void everyTamperingIsFoundAtItsFirstBadRecord() throws Exception {
    Random random = new Random(16);
    int[] seen = new int[Op.values().length];
    for (int c = 0; c < 100; c++) {
      Op op = Op.values()[c % Op.values().length];
      Path db = copy("case" + c);
      long expected;
      String what;
      try (Connection x = DriverManager.getConnection("jdbc:sqlite:" + db)) {
        int k = 1 + random.nextInt(RECORDS);
        what = op + " at " + k;
        expected =
            switch (op) {
              case EDIT_BODY -> {
                ObjectNode body = (ObjectNode) JSON.readTree(body(x, k));
                body.put("tokens_out", body.get("tokens_out").asLong() + 1 + random.nextInt(9));
                exec(x, "UPDATE audit SET body = ? WHERE seq = ?", body.toString(), k);
                yield k;
              }
              case EDIT_COLUMN -> {
                exec(x, "UPDATE audit SET tenant = 'other' WHERE seq = ?", k);
                yield k;
              }
              case EDIT_HASH -> {
                exec(x, "UPDATE audit SET hash = ? WHERE seq = ?", "f".repeat(64), k);
                yield k;
              }
              case DELETE -> {
                exec(x, "DELETE FROM audit WHERE seq = ?", k);
                yield k;
              }
              case DELETE_RENUMBER -> {
                exec(x, "DELETE FROM audit WHERE seq = ?", k);
                for (long s = k + 1; s <= RECORDS; s++)
                  exec(x, "UPDATE audit SET seq = ? WHERE seq = ?", s - 1, s);
                yield k;
              }
              case INSERT_RENUMBER -> {
                for (long s = RECORDS; s >= k; s--)
                  exec(x, "UPDATE audit SET seq = ? WHERE seq = ?", s + 1, s);
                String prev = k == 1 ? AuditLog.GENESIS : hash(x, k - 1);
                String body = AuditCodec.encode(record(1000 + k, "", ""));
                exec(
                    x,
                    "INSERT INTO audit(seq, at, tenant, user_ref, kind, request_id, body, prev, hash)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    k,
                    Instant.parse("2026-12-07T10:00:00Z").plusSeconds(1000 + k).toEpochMilli(),
                    (1000 + k) % 2 == 0 ? "acme" : "default",
                    "user" + ((1000 + k) % 5),
                    "chat",
                    "req-" + (1000 + k),
                    body,
                    prev,
                    AuditLog.chainHash(k, prev, body));
                yield k;
              }
              case SWAP_ROWS, SWAP_BODIES -> {
                int a = Math.min(k, RECORDS - 1);
                int b = a + 1 + random.nextInt(RECORDS - a);
                what = op + " " + a + "<->" + b;
                String[] cols =
                    op == Op.SWAP_ROWS
                        ? new String[] {
                          "at", "tenant", "user_ref", "kind", "request_id", "body", "prev", "hash"
                        }
                        : new String[] {"at", "tenant", "user_ref", "kind", "request_id", "body"};
                for (String col : cols) {
                  Object va = column(x, col, a), vb = column(x, col, b);
                  exec(x, "UPDATE audit SET " + col + " = ? WHERE seq = ?", vb, a);
                  exec(x, "UPDATE audit SET " + col + " = ? WHERE seq = ?", va, b);
                }
                yield a;
              }
              case REWRITE_CHAIN -> {
                // an editor without the signing key recomputes every hash after its edit
                ObjectNode body = (ObjectNode) JSON.readTree(body(x, k));
                body.put("outcome", "upstream_error");
                exec(x, "UPDATE audit SET body = ? WHERE seq = ?", body.toString(), k);
                String prev = k == 1 ? AuditLog.GENESIS : hash(x, k - 1);
                for (long s = k; s <= RECORDS; s++) {
                  String h = AuditLog.chainHash(s, prev, body(x, s));
                  exec(x, "UPDATE audit SET prev = ?, hash = ? WHERE seq = ?", prev, h, s);
                  prev = h;
                }
                long good = 0; // the last signed checkpoint before the edit
                for (long cp : CHECKPOINTS) if (cp < k) good = cp;
                yield good + 1;
              }
              case EDIT_TEXT -> {
                long seq = firstTextAtOrAfter(x, k);
                what = op + " at " + seq;
                exec(
                    x,
                    "UPDATE audit_texts SET text = text || '!' WHERE seq = ? AND role = 'input'",
                    seq);
                yield seq;
              }
            };
      }
      try (AuditLog log = reopen(db)) {
        AuditVerification v = log.verify();
        assertThat(v.ok()).as(what + " must be found").isFalse();
        assertThat(v.firstBad()).as(what + ": " + v.problem()).isEqualTo(expected);
      }
      seen[op.ordinal()]++;
    }
    for (Op op : Op.values()) assertThat(seen[op.ordinal()]).as(op.name()).isEqualTo(10);
  }

  @Test
  void aRemovedOrForgedCheckpointIsFound() throws Exception {
    Path db = copy("cp");
    try (Connection x = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      exec(x, "DELETE FROM audit_checkpoints WHERE seq = 20");
    }
    try (AuditLog log = reopen(db)) {
      assertThat(log.verify().problem()).contains("a checkpoint was removed");
    }
    Path forged = copy("forged");
    try (Connection x = DriverManager.getConnection("jdbc:sqlite:" + forged)) {
      exec(x, "UPDATE audit_checkpoints SET hash = ? WHERE seq = 30", "0".repeat(64));
    }
    try (AuditLog log = reopen(forged)) {
      AuditVerification v = log.verify();
      assertThat(v.problem()).contains("bad signature");
      assertThat(v.firstBad()).isEqualTo(30);
    }
    // a log verified with another instance's key: every checkpoint is foreign
    try (AuditLog log =
        AuditLog.open(
            copy("other"),
            SigningKey.generate(),
            hasher,
            AuditOptions.DEFAULTS,
            Clock.systemUTC())) {
      assertThat(log.verify().problem()).contains("bad signature");
    }
  }

  @Test
  void deletingTheTailIsFoundUpToTheLastCheckpoint() throws Exception {
    Path db = copy("tail");
    try (Connection x = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      exec(x, "DELETE FROM audit WHERE seq > 41");
    }
    try (AuditLog log = reopen(db)) {
      AuditVerification v = log.verify();
      assertThat(v.firstBad()).isEqualTo(42);
      assertThat(v.problem()).contains("were deleted");
    }
  }

  static long firstTextAtOrAfter(Connection x, int k) throws SQLException {
    try (PreparedStatement ps =
        x.prepareStatement("SELECT MIN(seq) FROM audit_texts WHERE role = 'input' AND seq >= ?")) {
      ps.setInt(1, k);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  static String body(Connection x, long seq) throws SQLException {
    return (String) column(x, "body", seq);
  }

  static String hash(Connection x, long seq) throws SQLException {
    return (String) column(x, "hash", seq);
  }

  static Object column(Connection x, String col, long seq) throws SQLException {
    try (PreparedStatement ps = x.prepareStatement("SELECT " + col + " FROM audit WHERE seq = ?")) {
      ps.setLong(1, seq);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as("record " + seq).isTrue();
        return rs.getObject(1);
      }
    }
  }

  static void exec(Connection x, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = x.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
      ps.executeUpdate();
    }
  }

  static Path copy(String name) throws Exception {
    Path d = Files.createDirectories(dir.resolve(name));
    Path db = d.resolve("grounded.db");
    Files.copy(original, db);
    return db;
  }

  static AuditLog reopen(Path db) {
    return AuditLog.open(db, key, hasher, AuditOptions.DEFAULTS, Clock.systemUTC());
  }
}
