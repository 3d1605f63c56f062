package dev.grounded.audit.review;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Feedback on answers and the review queue, in the data directory's SQLite file ({@code
 * grounded.db}, tables {@code feedback} and {@code review}). A bad rating, a guardrail block and a
 * failed citation check each put the answer in the queue (one open item per request and reason); a
 * person resolves it with a cause and, where there is one, the right answer. Resolved items and
 * corrected answers form the failure set ({@link #failures}).
 *
 * <p>Thread-safe: calls are serialized on one connection.
 */
public final class ReviewStore implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Connection db;
  private boolean closed;

  private ReviewStore(Connection db) {
    this.db = db;
  }

  /**
   * Opens (creating if needed) the tables in {@code dbFile}, usually {@code <data>/grounded.db}.
   */
  public static ReviewStore open(Path dbFile) {
    Connection c =
        dev.grounded.core.Sqlite.openStore(
            dbFile,
            List.of(
                """
            CREATE TABLE IF NOT EXISTS feedback (
              id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, tenant TEXT NOT NULL,
              key_id TEXT NOT NULL, request_id TEXT NOT NULL, rating INTEGER NOT NULL,
              comment TEXT NOT NULL, corrected TEXT NOT NULL, review_id INTEGER)""",
                "CREATE INDEX IF NOT EXISTS feedback_request ON feedback(tenant, request_id)",
                """
            CREATE TABLE IF NOT EXISTS review (
              id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, tenant TEXT NOT NULL,
              request_id TEXT NOT NULL, collection TEXT NOT NULL, reason TEXT NOT NULL,
              detail TEXT NOT NULL, question TEXT NOT NULL, answer TEXT NOT NULL,
              status TEXT NOT NULL, cause TEXT NOT NULL, right_answer TEXT NOT NULL,
              note TEXT NOT NULL, resolved_at INTEGER)""",
                "CREATE INDEX IF NOT EXISTS review_tenant_status ON review(tenant, status, id)",
                "CREATE INDEX IF NOT EXISTS review_request ON review(tenant, request_id)"),
            "synchronous=FULL");
    return new ReviewStore(c);
  }

  /** One rating of an answer: {@code rating} -1 (bad), 0 or 1 (good). */
  public record Feedback(
      Instant at,
      String tenant,
      String keyId,
      String requestId,
      int rating,
      String comment,
      String corrected) {
    public Feedback {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(tenant, "tenant");
      Objects.requireNonNull(keyId, "keyId");
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(comment, "comment");
      Objects.requireNonNull(corrected, "corrected");
      if (rating < -1 || rating > 1)
        throw GroundedException.invalid("rating", "rating must be -1 (bad), 0 or 1 (good)");
    }
  }

  /** Stores {@code f}, tied to review item {@code reviewId} (0 for none); returns its id. */
  public synchronized long addFeedback(Feedback f, long reviewId) {
    ensureOpen();
    try (PreparedStatement ps =
        db.prepareStatement(
            "INSERT INTO feedback(at, tenant, key_id, request_id, rating, comment, corrected,"
                + " review_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      ps.setLong(1, f.at().toEpochMilli());
      ps.setString(2, f.tenant());
      ps.setString(3, f.keyId());
      ps.setString(4, f.requestId());
      ps.setInt(5, f.rating());
      ps.setString(6, f.comment());
      ps.setString(7, f.corrected());
      if (reviewId > 0) ps.setLong(8, reviewId);
      else ps.setNull(8, java.sql.Types.INTEGER);
      ps.executeUpdate();
      return generated(ps);
    } catch (SQLException x) {
      throw storage(x);
    }
  }

  /**
   * Puts an answer in the queue, unless an open item of the same request and reason is there
   * already (its texts are then filled in where they were empty); returns the item's id.
   */
  public synchronized long enqueue(
      Instant at,
      String tenant,
      String requestId,
      String collection,
      String reason,
      String detail,
      String question,
      String answer) {
    ensureOpen();
    try {
      try (PreparedStatement find =
          db.prepareStatement(
              "SELECT id FROM review WHERE tenant = ? AND request_id = ? AND reason = ?"
                  + " AND status = 'open'")) {
        find.setString(1, tenant);
        find.setString(2, requestId);
        find.setString(3, reason);
        try (ResultSet rs = find.executeQuery()) {
          if (rs.next()) {
            long id = rs.getLong(1);
            try (PreparedStatement up =
                db.prepareStatement(
                    "UPDATE review SET question = CASE question WHEN '' THEN ? ELSE question END,"
                        + " answer = CASE answer WHEN '' THEN ? ELSE answer END WHERE id = ?")) {
              up.setString(1, question);
              up.setString(2, answer);
              up.setLong(3, id);
              up.executeUpdate();
            }
            return id;
          }
        }
      }
      try (PreparedStatement ps =
          db.prepareStatement(
              "INSERT INTO review(at, tenant, request_id, collection, reason, detail, question,"
                  + " answer, status, cause, right_answer, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
                  + " 'open', '', '', '')",
              Statement.RETURN_GENERATED_KEYS)) {
        ps.setLong(1, at.toEpochMilli());
        ps.setString(2, tenant);
        ps.setString(3, requestId);
        ps.setString(4, collection);
        ps.setString(5, reason);
        ps.setString(6, detail);
        ps.setString(7, question);
        ps.setString(8, answer);
        ps.executeUpdate();
        return generated(ps);
      }
    } catch (SQLException x) {
      throw storage(x);
    }
  }

  /** Items of {@code tenant} (all tenants when empty) with {@code status} (any when empty). */
  public synchronized List<ReviewItem> list(
      Optional<String> tenant, Optional<String> status, long afterId, int limit) {
    ensureOpen();
    StringBuilder sql = new StringBuilder(SELECT + " WHERE id > ?");
    List<Object> args = new ArrayList<>(List.of(afterId));
    tenant.ifPresent(
        t -> {
          sql.append(" AND tenant = ?");
          args.add(t);
        });
    status.ifPresent(
        s -> {
          sql.append(" AND status = ?");
          args.add(s);
        });
    sql.append(" ORDER BY id LIMIT ?");
    args.add(limit);
    return query(sql.toString(), args);
  }

  /** Item {@code id} of {@code tenant} (any tenant when empty). */
  public synchronized Optional<ReviewItem> get(Optional<String> tenant, long id) {
    ensureOpen();
    List<Object> args = new ArrayList<>(List.of(id));
    String sql = SELECT + " WHERE id = ?";
    if (tenant.isPresent()) {
      sql += " AND tenant = ?";
      args.add(tenant.get());
    }
    List<ReviewItem> l = query(sql, args);
    return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
  }

  /**
   * Resolves item {@code id}: {@code cause} one of {@link ReviewItem#CAUSES}; {@code rightAnswer}
   * the answer that should have been given (empty for none). Resolving again replaces the
   * resolution.
   */
  public synchronized ReviewItem resolve(
      Optional<String> tenant, long id, String cause, String rightAnswer, String note, Instant at) {
    if (!ReviewItem.CAUSES.contains(cause))
      throw GroundedException.invalid(
          "cause",
          "cause must be one of " + String.join(", ", ReviewItem.CAUSES) + ", not '" + cause + "'");
    ReviewItem item =
        get(tenant, id).orElseThrow(() -> GroundedException.notFound("no review item " + id));
    try (PreparedStatement ps =
        db.prepareStatement(
            "UPDATE review SET status = 'resolved', cause = ?, right_answer = ?, note = ?,"
                + " resolved_at = ? WHERE id = ?")) {
      ps.setString(1, cause);
      ps.setString(2, rightAnswer);
      ps.setString(3, note);
      ps.setLong(4, at.toEpochMilli());
      ps.setLong(5, item.id());
      ps.executeUpdate();
    } catch (SQLException x) {
      throw storage(x);
    }
    return get(tenant, id).orElseThrow();
  }

  /**
   * The failure set, oldest first, as QA JSONL lines ({@code id}, {@code question}, {@code
   * answers}, {@code answerable}, and {@code collection}, {@code cause}, {@code answer_given}):
   * every resolved item that was not {@code correct} (its right answer as the gold answer; an
   * {@code unanswerable} one with none), and every open item a user rated bad and corrected (the
   * correction as the gold answer, cause {@code unreviewed}). Items without their question, or with
   * nothing to score against, are left out.
   */
  public synchronized List<ObjectNode> failures(Optional<String> tenant, Instant since) {
    List<ObjectNode> out = new ArrayList<>();
    for (ReviewItem r : list(tenant, Optional.empty(), 0, Integer.MAX_VALUE)) {
      if (r.at().isBefore(since) || r.question().isEmpty()) continue;
      String cause;
      String gold;
      if (r.open()) {
        if (!r.reason().equals("rating")) continue;
        cause = "unreviewed";
        gold = correction(r.id());
        if (gold.isEmpty()) continue;
      } else {
        cause = r.cause();
        gold = r.rightAnswer();
        if (cause.equals("correct")) continue;
        if (!cause.equals("unanswerable") && gold.isEmpty()) continue;
      }
      boolean unanswerable = cause.equals("unanswerable");
      ObjectNode o = JSON.createObjectNode();
      o.put("id", r.requestId() + "#" + r.id());
      o.put("question", r.question());
      var answers = o.putArray("answers");
      if (!unanswerable) answers.add(gold);
      o.put("answerable", !unanswerable);
      o.put("collection", r.collection());
      o.put("cause", cause);
      o.put("answer_given", r.answer());
      out.add(o);
    }
    return out;
  }

  /** The tenants with review items. */
  public synchronized List<String> tenants() {
    ensureOpen();
    List<String> out = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery("SELECT DISTINCT tenant FROM review ORDER BY tenant")) {
      while (rs.next()) out.add(rs.getString(1));
      return out;
    } catch (SQLException x) {
      throw storage(x);
    }
  }

  /** The latest corrected answer users gave for review item {@code id}, empty when none. */
  private String correction(long id) {
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT corrected FROM feedback WHERE review_id = ? AND corrected <> ''"
                + " ORDER BY id DESC LIMIT 1")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : "";
      }
    } catch (SQLException x) {
      throw storage(x);
    }
  }

  /**
   * Deletes the feedback and review items of {@code tenant}'s {@code requestIds}; returns how many.
   */
  public synchronized int forgetRequests(String tenant, Collection<String> requestIds) {
    ensureOpen();
    int n = 0;
    try (PreparedStatement f =
            db.prepareStatement("DELETE FROM feedback WHERE tenant = ? AND request_id = ?");
        PreparedStatement r =
            db.prepareStatement("DELETE FROM review WHERE tenant = ? AND request_id = ?")) {
      for (String id : requestIds) {
        f.setString(1, tenant);
        f.setString(2, id);
        n += f.executeUpdate();
        r.setString(1, tenant);
        r.setString(2, id);
        n += r.executeUpdate();
      }
      return n;
    } catch (SQLException x) {
      throw storage(x);
    }
  }

  /** An item as JSON, as the API and the CLI show it. */
  public static ObjectNode json(ReviewItem r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("object", "review.item");
    o.put("id", r.id());
    o.put("created", r.at().toString());
    o.put("request_id", r.requestId());
    o.put("collection", r.collection());
    o.put("reason", r.reason());
    o.put("detail", r.detail());
    o.put("question", r.question());
    o.put("answer", r.answer());
    o.put("status", r.status());
    if (!r.open()) {
      o.put("cause", r.cause());
      o.put("right_answer", r.rightAnswer());
      o.put("note", r.note());
      if (r.resolvedAt() != null) o.put("resolved_at", r.resolvedAt().toString());
    }
    return o;
  }

  private static final String SELECT =
      "SELECT id, at, tenant, request_id, collection, reason, detail, question, answer, status,"
          + " cause, right_answer, note, resolved_at FROM review";

  private List<ReviewItem> query(String sql, List<Object> args) {
    List<ReviewItem> out = new ArrayList<>();
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long resolved = rs.getLong(14);
          boolean unresolved = rs.wasNull();
          out.add(
              new ReviewItem(
                  rs.getLong(1),
                  Instant.ofEpochMilli(rs.getLong(2)),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7),
                  rs.getString(8),
                  rs.getString(9),
                  rs.getString(10),
                  rs.getString(11),
                  rs.getString(12),
                  rs.getString(13),
                  unresolved ? null : Instant.ofEpochMilli(resolved)));
        }
      }
      return out;
    } catch (SQLException x) {
      throw storage(x);
    }
  }

  private static long generated(PreparedStatement ps) throws SQLException {
    try (ResultSet keys = ps.getGeneratedKeys()) {
      keys.next();
      return keys.getLong(1);
    }
  }

  private void ensureOpen() {
    if (closed) throw new IllegalStateException("review store closed");
  }

  private static GroundedException storage(SQLException x) {
    return new GroundedException(
        ErrorCode.STORAGE_ERROR, "review store: " + x.getMessage(), "data", x);
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
