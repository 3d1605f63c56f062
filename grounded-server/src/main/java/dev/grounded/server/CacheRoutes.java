package dev.grounded.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.gateway.cache.CacheInterceptor;
import dev.grounded.gateway.cache.CacheSettings;
import dev.grounded.gateway.cache.CacheStats;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * {@code GET /api/cache}: the gateway cache's settings, size and hit/miss counters since the server
 * started (whole server, every tenant; the counters say nothing about any entry).
 */
final class CacheRoutes implements Routes {
  private final UpstreamModels upstream;

  CacheRoutes(UpstreamModels upstream) {
    this.upstream = upstream;
  }

  @Override
  public void register(RoutesConfig r) {
    r.get("/api/cache", this::cache);
  }

  private void cache(Context ctx) {
    CacheInterceptor cache = upstream.cache();
    ObjectNode o = Json.object();
    o.put("object", "cache");
    o.put("enabled", cache != null);
    if (cache != null) {
      CacheSettings s = cache.settings();
      o.put("semantic", s.semantic());
      o.put("ttl_seconds", s.ttl().toSeconds());
      o.put("max_entries", s.maxEntries());
      o.put("max_bytes", s.maxBytes());
      CacheStats st = cache.stats();
      o.put("entries", st.entries());
      o.put("bytes", st.bytes());
      o.put("hits", st.hits());
      o.put("semantic_hits", st.semanticHits());
      o.put("misses", st.misses());
      o.put("bypassed", st.bypassed());
      o.put("stored", st.stored());
      o.put("evicted", st.evicted());
      o.put("expired", st.expired());
    }
    Json.write(ctx, 200, o);
  }
}
