package dev.grounded.cli;

import dev.grounded.core.config.Config;
import dev.grounded.embed.Embedder;
import dev.grounded.gateway.cache.CacheInterceptor;
import dev.grounded.gateway.cache.CacheSettings;
import dev.grounded.gateway.cache.SemanticMatch;
import java.time.Clock;
import java.util.List;

/**
 * The gateway's response cache as {@code grounded.yaml} describes it ({@code cache.*}).
 *
 * @param settings the cache's settings; null when {@code cache.enabled} is false
 */
record CachePlan(CacheSettings settings) {
  static CachePlan of(Config config) {
    if (!config.get(GroundedSettings.CACHE_ENABLED)) return new CachePlan(null);
    return new CachePlan(
        new CacheSettings(
            config.get(GroundedSettings.CACHE_TTL),
            config.get(GroundedSettings.CACHE_MAX_ENTRIES),
            config.get(GroundedSettings.CACHE_MAX_MB) << 20,
            config.get(GroundedSettings.CACHE_SEMANTIC)));
  }

  /**
   * The cache stage, embedding last user turns with {@code embedder} (the local model, passage
   * vectors) when semantic; null when the cache is off.
   */
  CacheInterceptor interceptor(Embedder embedder) {
    if (settings == null) return null;
    if (!settings.semantic()) return CacheInterceptor.exact(settings, Clock.systemUTC());
    return new CacheInterceptor(
        settings,
        Clock.systemUTC(),
        SemanticMatch.defaults(),
        text -> embedder.embed(List.of(text)).getFirst());
  }
}
