package dev.grounded.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.index.LuceneSearcher;
import dev.grounded.ingest.CollectionId;
import dev.grounded.ingest.KnowledgeBase;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * Collections of the caller's tenant: create, list, get (with counts, generator and content
 * version), set the generator of its {@code rag:} model (PATCH), delete.
 */
final class CollectionRoutes implements Routes {
  private final KnowledgeBase kb;

  CollectionRoutes(Services services) {
    this.kb = services.knowledge();
  }

  @Override
  public void register(RoutesConfig r) {
    r.post("/api/collections", this::create);
    r.get("/api/collections", this::list);
    r.get("/api/collections/{collection}", this::get);
    r.patch("/api/collections/{collection}", this::update);
    r.delete("/api/collections/{collection}", this::delete);
  }

  private void create(Context ctx) {
    Body body = Json.body(ctx);
    String name = body.string("name");
    CollectionId id;
    try {
      id = Tenancy.collection(ctx, name);
    } catch (GroundedException e) {
      throw GroundedException.invalid("name", e.getMessage());
    }
    if (!kb.createCollection(id.key()))
      throw new GroundedException(
          ErrorCode.CONFLICT, "collection '" + name + "' already exists", "name", null);
    Json.write(ctx, 201, view(id));
  }

  private void list(Context ctx) {
    ObjectNode o = Json.object();
    o.put("object", "list");
    ArrayNode data = o.putArray("data");
    for (CollectionId c : kb.collections(Auth.principal(ctx).tenant())) data.add(view(c));
    Json.write(ctx, 200, o);
  }

  private void get(Context ctx) {
    Json.write(ctx, 200, view(Tenancy.existing(ctx, kb, ctx.pathParam("collection"))));
  }

  /**
   * {@code {"generator": "model:<alias>" | "extractive", "trust": "trusted" | "untrusted"}}: what
   * answers the collection's {@code rag:} model (the alias is looked up when a question comes: a
   * server without it answers 502), and whether its chunks are quoted strictly as data.
   */
  private void update(Context ctx) {
    CollectionId c = Tenancy.existing(ctx, kb, ctx.pathParam("collection"));
    Body body = Json.body(ctx);
    for (var it = body.node().fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!field.equals("generator") && !field.equals("trust") && !field.equals("freshness_days"))
        throw GroundedException.invalid(
            field, "unknown field '" + field + "' (settable: generator, trust, freshness_days)");
    }
    JsonNode freshness = body.node().get("freshness_days");
    if (freshness != null
        && (!freshness.isIntegralNumber() || freshness.asInt() < 0 || freshness.asInt() > 36_500))
      throw GroundedException.invalid(
          "freshness_days", "freshness_days must be a whole number of days in 0..36500 (0: none)");
    var trust = body.optString("trust");
    // checked before anything is saved, so a bad field changes nothing
    if (trust.isPresent()
        && !trust.get().equals(KnowledgeBase.TRUSTED)
        && !trust.get().equals(KnowledgeBase.UNTRUSTED))
      throw GroundedException.invalid(
          "trust", "trust must be 'trusted' or 'untrusted', not '" + trust.get() + "'");
    body.optString("generator").ifPresent(g -> kb.saveGenerator(c.key(), g));
    trust.ifPresent(t -> kb.saveTrust(c.key(), t));
    if (freshness != null) kb.saveFreshness(c.key(), freshness.asInt());
    Json.write(ctx, 200, view(c));
  }

  private void delete(Context ctx) {
    CollectionId c = Tenancy.existing(ctx, kb, ctx.pathParam("collection"));
    kb.deleteCollection(c.key());
    Json.write(ctx, 200, Views.deleted(c.name(), "collection.deleted"));
  }

  private ObjectNode view(CollectionId c) {
    ObjectNode o = Json.object();
    o.put("id", c.name());
    o.put("object", "collection");
    o.put("model", ChatCompletions.RAG_PREFIX + c.name());
    try (LuceneSearcher s = kb.searcher(c.key())) {
      o.put("documents", s.documentCount());
      o.put("chunks", s.chunkCount());
      o.put("content_version", s.contentVersion());
    }
    o.put("generator", kb.generator(c.key()));
    o.put("trust", kb.untrusted(c.key()) ? KnowledgeBase.UNTRUSTED : KnowledgeBase.TRUSTED);
    o.put("freshness_days", kb.freshnessDays(c.key()));
    o.put("size_bytes", LuceneSearcher.sizeOnDisk(kb.indexPath(c.key())));
    return o;
  }
}
