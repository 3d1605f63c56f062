package dev.grounded.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.audit.review.Feedbacks;
import dev.grounded.audit.review.ReviewItem;
import dev.grounded.audit.review.ReviewStore;
import dev.grounded.core.GroundedException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Feedback and the review queue, of the caller's tenant: {@code POST /api/feedback} rates an answer
 * by its request id ({@code rating} -1, 0 or 1, optional {@code comment}, {@code corrected_answer},
 * and the {@code question} and {@code answer} when the audit log keeps no texts); a bad rating
 * joins the review queue. {@code GET /api/review} lists items ({@code status=open|resolved}),
 * {@code GET /api/review/{id}} shows one, {@code POST /api/review/{id}/resolve} records the cause
 * and the right answer.
 */
final class ReviewRoutes implements Routes {
  private final Services services;

  ReviewRoutes(Services services) {
    this.services = services;
  }

  @Override
  public void register(RoutesConfig r) {
    r.post("/api/feedback", this::feedback);
    r.get("/api/review", this::list);
    r.get("/api/review/{id}", this::get);
    r.post("/api/review/{id}/resolve", this::resolve);
  }

  private ReviewStore store() {
    if (services.audit() == null)
      throw GroundedException.notFound(
          "this server keeps no audit log (audit.enabled is off), so no feedback either");
    return services.audit().reviews();
  }

  private void feedback(Context ctx) {
    ReviewStore store = store();
    Body body = Json.body(ctx);
    String requestId = body.string("request_id");
    if (!body.node().path("rating").isIntegralNumber())
      throw GroundedException.invalid("rating", "rating must be -1 (bad), 0 or 1 (good)");
    int rating = body.node().path("rating").asInt();
    var principal = Auth.principal(ctx);
    services.audit().flush(); // the answer was recorded moments ago
    Feedbacks.Result r =
        new Feedbacks(services.audit().log(), store, Clock.systemUTC())
            .submit(
                principal.tenant(),
                principal.keyId().equals("-") ? "" : principal.keyId(),
                requestId,
                rating,
                body.optString("comment").orElse(""),
                body.optString("corrected_answer").orElse(""),
                body.optString("question"),
                body.optString("answer"));
    ObjectNode o = Json.object();
    o.put("object", "feedback");
    o.put("id", r.feedbackId());
    o.put("request_id", requestId);
    o.put("rating", rating);
    if (r.reviewId() > 0) o.put("review_id", r.reviewId());
    Json.write(ctx, 201, o);
  }

  private void list(Context ctx) {
    ReviewStore store = store();
    String status = ctx.queryParam("status");
    if (status != null && !status.equals("open") && !status.equals("resolved"))
      throw GroundedException.invalid(
          "status", "status must be open or resolved, not '" + status + "'");
    List<ReviewItem> items =
        store.list(Optional.of(Auth.principal(ctx).tenant()), Optional.ofNullable(status), 0, 1000);
    ObjectNode o = Json.object();
    o.put("object", "list");
    ArrayNode data = o.putArray("data");
    items.forEach(i -> data.add(ReviewStore.json(i)));
    Json.write(ctx, 200, o);
  }

  private void get(Context ctx) {
    Json.write(
        ctx,
        200,
        ReviewStore.json(
            store()
                .get(Optional.of(Auth.principal(ctx).tenant()), id(ctx))
                .orElseThrow(
                    () -> GroundedException.notFound("no review item " + ctx.pathParam("id")))));
  }

  private void resolve(Context ctx) {
    ReviewStore store = store();
    Body body = Json.body(ctx);
    ReviewItem item =
        store.resolve(
            Optional.of(Auth.principal(ctx).tenant()),
            id(ctx),
            body.string("cause"),
            body.optString("right_answer").orElse(""),
            body.optString("note").orElse(""),
            Instant.now());
    Json.write(ctx, 200, ReviewStore.json(item));
  }

  private static long id(Context ctx) {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw GroundedException.notFound("no review item " + ctx.pathParam("id"));
    }
  }
}
