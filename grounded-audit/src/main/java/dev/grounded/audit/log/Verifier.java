package dev.grounded.audit.log;

import dev.grounded.guard.provenance.SigningKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One pass of {@link AuditLog#verify}: checkpoints first (signatures, their own chain), then every
 * record in order (number, link, hash, columns, a checkpoint's hash where one was signed), then the
 * stored texts against their records' hashes.
 */
final class Verifier {
  private final Connection db;
  private final SigningKey key;
  private final TextHasher hasher;

  Verifier(Connection db, SigningKey key, TextHasher hasher) {
    this.db = db;
    this.key = key;
    this.hasher = hasher;
  }

  AuditVerification run() throws SQLException {
    List<Checkpoint> cps = checkpoints();
    Map<Long, Checkpoint> bySeq = new HashMap<>();
    long previous = 0;
    for (Checkpoint c : cps) {
      if (!c.keyId().equals(key.id()) || !key.verify(c.message(), c.signature()))
        return AuditVerification.bad(
            0, cps.size(), c.seq(), "the checkpoint at record " + c.seq() + " has a bad signature");
      if (c.previous() != previous)
        return AuditVerification.bad(
            0,
            cps.size(),
            previous + 1,
            "the checkpoint after record "
                + previous
                + " names "
                + c.previous()
                + " as the one before: a checkpoint was removed");
      bySeq.put(c.seq(), c);
      previous = c.seq();
    }
    long lastCheckpoint = previous;
    long goodCheckpoint = 0; // the last checkpoint whose hash matched the chain
    AuditVerification pending =
        null; // a checkpoint that differs: its range is known, not the record
    long pendingLast = 0;
    long expected = 1;
    String prev = AuditLog.GENESIS;
    try (Statement s = db.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT seq, at, tenant, user_ref, kind, request_id, body, prev, hash FROM audit"
                    + " ORDER BY seq")) {
      while (rs.next()) {
        long seq = rs.getLong(1);
        long read = expected - 1;
        if (seq != expected)
          return found(
              pending,
              pendingLast,
              AuditVerification.bad(
                  read, cps.size(), expected, "record " + expected + " is missing (deleted)"));
        String body = rs.getString(7);
        String link = rs.getString(8);
        String hash = rs.getString(9);
        if (!link.equals(prev)) {
          long earlier = seqOfHash(link);
          if (earlier > 0 && earlier < seq - 1)
            return found(
                pending,
                pendingLast,
                AuditVerification.bad(
                    read,
                    cps.size(),
                    earlier + 1,
                    "record "
                        + (earlier + 1)
                        + " was inserted or moved: record "
                        + seq
                        + " follows record "
                        + earlier));
          return found(
              pending,
              pendingLast,
              AuditVerification.bad(
                  read,
                  cps.size(),
                  seq,
                  "record "
                      + seq
                      + " does not follow record "
                      + (seq - 1)
                      + " (inserted, moved or its link edited)"));
        }
        if (!AuditLog.chainHash(seq, link, body).equals(hash))
          return found(
              pending,
              pendingLast,
              AuditVerification.bad(
                  read,
                  cps.size(),
                  seq,
                  "record " + seq + " was edited: its hash does not match it"));
        String column = mismatch(rs, body);
        if (!column.isEmpty())
          return found(
              pending,
              pendingLast,
              AuditVerification.bad(
                  read,
                  cps.size(),
                  seq,
                  "record "
                      + seq
                      + " was edited: its "
                      + column
                      + " column differs from its text"));
        Checkpoint c = bySeq.get(seq);
        if (c != null) {
          if (!c.hash().equals(hash)) {
            if (pending == null) {
              pending =
                  AuditVerification.bad(
                      read,
                      cps.size(),
                      goodCheckpoint + 1,
                      "records "
                          + (goodCheckpoint + 1)
                          + " to "
                          + seq
                          + " were rewritten: the chain at record "
                          + seq
                          + " differs from its signed checkpoint");
              pendingLast = seq;
            }
          } else if (pending == null) {
            goodCheckpoint = seq;
          }
        }
        prev = hash;
        expected++;
      }
    }
    long records = expected - 1;
    if (pending != null) return pending;
    if (lastCheckpoint > records)
      return AuditVerification.bad(
          records,
          cps.size(),
          records + 1,
          "records "
              + (records + 1)
              + " to "
              + lastCheckpoint
              + " were deleted: a signed checkpoint names record "
              + lastCheckpoint);
    String texts = texts();
    if (!texts.isEmpty()) {
      long seq = Long.parseLong(texts.substring(0, texts.indexOf(' ')));
      return AuditVerification.bad(
          records, cps.size(), seq, texts.substring(texts.indexOf(' ') + 1));
    }
    return new AuditVerification(records, cps.size(), lastCheckpoint, -1, "");
  }

  /**
   * What to report when a record is found bad after a checkpoint already differed: the record when
   * it lies in that checkpoint's range (it explains the difference: say a record inserted right at
   * the checkpoint), else the checkpoint's range, which comes first.
   */
  private static AuditVerification found(
      AuditVerification pending, long pendingLast, AuditVerification bad) {
    if (pending == null) return bad;
    return bad.firstBad() >= pending.firstBad() && bad.firstBad() <= pendingLast ? bad : pending;
  }

  /** The column that differs from the record's text, empty when none. */
  private static String mismatch(ResultSet rs, String body) throws SQLException {
    AuditRecord r;
    try {
      r = AuditCodec.decode(body);
    } catch (IllegalArgumentException e) {
      return "text"; // its hash matched a text that is not a record: written so, not edited
    }
    if (r.at().toEpochMilli() != rs.getLong(2)) return "at";
    if (!r.tenant().equals(rs.getString(3))) return "tenant";
    if (!r.user().equals(rs.getString(4))) return "user";
    if (!r.kind().equals(rs.getString(5))) return "kind";
    if (!r.requestId().equals(rs.getString(6))) return "request id";
    return "";
  }

  /** The number of the record whose hash is {@code hash}, 0 when none. */
  private long seqOfHash(String hash) throws SQLException {
    try (PreparedStatement ps = db.prepareStatement("SELECT seq FROM audit WHERE hash = ?")) {
      ps.setString(1, hash);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  /** "seq problem" for the first stored text that does not match its record's hash, else "". */
  private String texts() throws SQLException {
    try (Statement s = db.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT t.seq, t.role, t.text, a.body FROM audit_texts t LEFT JOIN audit a"
                    + " ON a.seq = t.seq ORDER BY t.seq, t.role")) {
      while (rs.next()) {
        long seq = rs.getLong(1);
        String role = rs.getString(2);
        if (rs.getString(4) == null)
          return seq + " a stored text names record " + seq + ", which is missing";
        AuditRecord r = AuditCodec.decode(rs.getString(4));
        String expected = role.equals("input") ? r.inputHash() : r.outputHash();
        if (!hasher.hash(rs.getString(3)).equals(expected))
          return seq + " the stored " + role + " text of record " + seq + " was altered";
      }
    }
    return "";
  }

  private List<Checkpoint> checkpoints() throws SQLException {
    return AuditLog.readCheckpoints(db, "ORDER BY seq");
  }
}
