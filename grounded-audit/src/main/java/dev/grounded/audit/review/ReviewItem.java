package dev.grounded.audit.review;

import java.time.Instant;
import java.util.Objects;

/**
 * An answer waiting for (or given) a person's review.
 *
 * @param reason why it is here: {@code rating} (a user rated it bad), {@code guard} (the guardrails
 *     blocked or withheld something), {@code citation} (its citations failed the check)
 * @param question the question, empty when no text was kept or sent
 * @param answer the answer given, empty likewise
 * @param status {@code open} or {@code resolved}
 * @param cause the reviewer's cause: {@code retrieval_miss}, {@code stale_document}, {@code
 *     injection}, {@code model_error}, {@code unanswerable}, {@code correct}, {@code other}
 * @param rightAnswer the answer the reviewer gave, empty when none
 */
public record ReviewItem(
    long id,
    Instant at,
    String tenant,
    String requestId,
    String collection,
    String reason,
    String detail,
    String question,
    String answer,
    String status,
    String cause,
    String rightAnswer,
    String note,
    Instant resolvedAt) {
  public static final java.util.List<String> CAUSES =
      java.util.List.of(
          "retrieval_miss",
          "stale_document",
          "injection",
          "model_error",
          "unanswerable",
          "correct",
          "other");

  public ReviewItem {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(question, "question");
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(rightAnswer, "rightAnswer");
    Objects.requireNonNull(note, "note");
  }

  public boolean open() {
    return status.equals("open");
  }
}
