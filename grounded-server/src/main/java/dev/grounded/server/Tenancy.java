package dev.grounded.server;

import dev.grounded.core.GroundedException;
import dev.grounded.ingest.CollectionId;
import dev.grounded.ingest.KnowledgeBase;
import io.javalin.http.Context;

/**
 * Names seen by a request are the tenant's own: a collection name becomes its tenant-qualified id.
 * Another tenant's collection is indistinguishable from one that does not exist (404, never 403).
 */
final class Tenancy {
  private Tenancy() {}

  static CollectionId collection(Context ctx, String name) {
    return new CollectionId(Auth.principal(ctx).tenant(), name);
  }

  /** The tenant's existing collection, else 404. */
  static CollectionId existing(Context ctx, KnowledgeBase kb, String name) {
    CollectionId id;
    try {
      id = collection(ctx, name);
    } catch (GroundedException e) {
      throw GroundedException.notFound("no collection '" + name + "'");
    }
    if (!kb.collectionExists(id.key()))
      throw GroundedException.notFound("no collection '" + name + "'");
    return id;
  }
}
