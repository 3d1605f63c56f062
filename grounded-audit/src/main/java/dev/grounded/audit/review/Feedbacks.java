package dev.grounded.audit.review;

import dev.grounded.audit.log.AuditLog;
import dev.grounded.audit.log.AuditQuery;
import dev.grounded.audit.log.AuditRecord;
import dev.grounded.audit.log.StoredRecord;
import dev.grounded.core.GroundedException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Takes a user's rating of an answer: ties it to the answer's audit record (by request id, within
 * the tenant), and puts a bad rating in the review queue with the question and answer, taken from
 * the texts the audit log kept or from the caller, checked against the record's hashes so the
 * failure set holds what was really asked and answered.
 */
public final class Feedbacks {
  private final AuditLog log;
  private final ReviewStore store;
  private final Clock clock;

  public Feedbacks(AuditLog log, ReviewStore store, Clock clock) {
    this.log = Objects.requireNonNull(log, "log");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** What was stored: the feedback's id and the review item it joined (0 for none). */
  public record Result(long feedbackId, long reviewId) {}

  public Result submit(
      String tenant,
      String keyId,
      String requestId,
      int rating,
      String comment,
      String corrected,
      Optional<String> question,
      Optional<String> answer) {
    ReviewStore.Feedback f =
        new ReviewStore.Feedback(
            clock.instant(), tenant, keyId, requestId, rating, comment, corrected);
    List<StoredRecord> records =
        log.query(AuditQuery.ALL.withTenant(tenant).withRequestId(requestId));
    StoredRecord r =
        records.stream()
            .filter(s -> s.record().kind().equals("ask"))
            .findFirst()
            .or(() -> records.stream().filter(s -> s.record().kind().equals("chat")).findFirst())
            .orElseThrow(
                () ->
                    GroundedException.notFound(
                        "no answer with request id '" + requestId + "' of yours"));
    AuditRecord a = r.record();
    Map<String, String> kept = log.texts(r.seq());
    String q = text(kept.get("input"), question, a.inputHash(), "question", a.kind());
    String ans = text(kept.get("output"), answer, a.outputHash(), "answer", "any");
    long review = 0;
    if (rating < 0)
      review =
          store.enqueue(
              f.at(),
              tenant,
              requestId,
              collection(a),
              "rating",
              comment,
              a.kind().equals("ask") ? q : "",
              ans);
    return new Result(store.addFeedback(f, review), review);
  }

  /**
   * The text kept, else the caller's, which must hash to the recorded hash ({@code checkedKind}:
   * only for records of that kind, as a chat record hashes whole message lists).
   */
  private String text(
      String kept, Optional<String> given, String recorded, String name, String checkedKind) {
    if (kept != null) return kept;
    if (given.isEmpty() || given.get().isEmpty()) return "";
    if ((checkedKind.equals("any") || checkedKind.equals("ask"))
        && !log.hasher().hash(given.get()).equals(recorded))
      throw GroundedException.invalid(
          name, "the " + name + " does not match what the audit log recorded for this request");
    return given.get();
  }

  /** The collection an answer came from: {@code rag:<collection>}, else its first source's. */
  static String collection(AuditRecord a) {
    if (a.model().startsWith("rag:")) return a.model().substring(4);
    return a.sources().isEmpty() ? "" : a.sources().get(0).collection();
  }
}
