package dev.grounded.server;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.ingest.CollectionId;
import dev.grounded.ingest.KnowledgeBase;
import dev.grounded.ingest.ManifestEntry;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;

/**
 * Documents of a collection: add (multipart upload or server-side path, as an ingest job), list
 * with cursor paging, get, delete. An upload is parsed before the job starts, so an unsupported or
 * unparseable file is refused at once (415, 422) and nothing stored changes.
 */
final class DocumentRoutes implements Routes {
  static final int MAX_PAGE = 100;
  private final KnowledgeBase kb;
  private final Uploads uploads;
  private final ServerConfig config;

  DocumentRoutes(Services services, Uploads uploads, ServerConfig config) {
    this.kb = services.knowledge();
    this.uploads = uploads;
    this.config = config;
  }

  @Override
  public void register(RoutesConfig r) {
    r.post("/api/collections/{collection}/documents", this::add);
    r.get("/api/collections/{collection}/documents", this::list);
    r.get("/api/collections/{collection}/documents/{id}", this::get);
    r.get("/api/collections/{collection}/documents/{id}/chunks", this::chunks);
    r.delete("/api/collections/{collection}/documents/{id}", this::delete);
  }

  private void add(Context ctx) throws Exception {
    try {
      addDocuments(ctx);
    } catch (GroundedException e) {
      if (e.code() == ErrorCode.RATE_LIMITED)
        ctx.header("Retry-After", String.valueOf(Jobs.RETRY_AFTER_SECONDS));
      throw e;
    } catch (Error e) { // past Javalin's exception mapping it would leave an empty 500
      Uploads.log(config.errorLog(), ctx, e);
      throw new GroundedException(
          ErrorCode.INTERNAL,
          "internal error; quote request id " + RequestIds.of(ctx) + " when reporting it",
          null,
          null);
    }
  }

  private void addDocuments(Context ctx) throws Exception {
    CollectionId c = Tenancy.existing(ctx, kb, ctx.pathParam("collection"));
    String type = ctx.contentType() == null ? "" : ctx.contentType();
    IngestJob job;
    boolean wait;
    if (type.startsWith("multipart/form-data")) {
      job = uploads.upload(ctx, c);
      wait = "true".equalsIgnoreCase(ctx.formParam("wait"));
    } else if (type.startsWith("application/json")) {
      Body body = Json.body(ctx);
      job = uploads.serverPath(body, c);
      wait = body.bool("wait", false);
    } else {
      throw new GroundedException(
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "send multipart/form-data with a 'file' part, or JSON with a server-side 'path'",
          null,
          null);
    }
    if (!wait || !job.await(Uploads.MAX_WAIT_MILLIS)) {
      Json.write(ctx, 202, job.view());
      return;
    }
    // a collection held by another process's writer past the lock wait is a 409, as is a job
    // cancelled while the request waited; failed documents are a 422 with the job
    Optional<GroundedException> error = job.error();
    if (error.isPresent() && error.get().code() == ErrorCode.CONFLICT) throw error.get();
    if (job.status() == IngestJob.Status.CANCELLED)
      throw new GroundedException(
          ErrorCode.CONFLICT, "ingest job '" + job.id() + "' was cancelled", null, null);
    Json.write(ctx, job.status() == IngestJob.Status.SUCCEEDED ? 201 : 422, job.view());
  }

  private void list(Context ctx) {
    CollectionId c = Tenancy.existing(ctx, kb, ctx.pathParam("collection"));
    int limit = limit(ctx.queryParam("limit"));
    List<ManifestEntry> page = kb.documents(c.key(), ctx.queryParam("after"), limit + 1);
    boolean more = page.size() > limit;
    if (more) page = page.subList(0, limit);
    Json.write(ctx, 200, Views.documentPage(page, more));
  }

  private static int limit(String value) {
    if (value == null) return 20;
    try {
      int n = Integer.parseInt(value);
      if (n >= 1 && n <= MAX_PAGE) return n;
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw GroundedException.invalid("limit", "'limit' must be an integer from 1 to " + MAX_PAGE);
  }

  private void get(Context ctx) {
    CollectionId c = Tenancy.existing(ctx, kb, ctx.pathParam("collection"));
    Json.write(ctx, 200, Views.document(entry(c, ctx.pathParam("id"))));
  }

  /** The document's chunks in order with their text and location (the console's source view). */
  private void chunks(Context ctx) {
    CollectionId c = Tenancy.existing(ctx, kb, ctx.pathParam("collection"));
    ManifestEntry e = entry(c, ctx.pathParam("id"));
    try (dev.grounded.index.LuceneSearcher s = kb.searcher(c.key())) {
      Json.write(ctx, 200, Views.chunkList(e, s.chunks(e.documentId())));
    }
  }

  private ManifestEntry entry(CollectionId c, String id) {
    return kb.document(c.key(), id)
        .orElseThrow(() -> GroundedException.notFound("no document '" + id + "'"));
  }

  private void delete(Context ctx) {
    CollectionId c = Tenancy.existing(ctx, kb, ctx.pathParam("collection"));
    String id = ctx.pathParam("id");
    if (!kb.deleteDocument(c.key(), id))
      throw GroundedException.notFound("no document '" + id + "'");
    Json.write(ctx, 200, Views.deleted(id, "document.deleted"));
  }
}
