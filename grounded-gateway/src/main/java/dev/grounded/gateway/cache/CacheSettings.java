package dev.grounded.gateway.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * How the response cache behaves ({@code cache.*} in {@code grounded.yaml}).
 *
 * @param ttl how long a stored answer may be served after it was stored
 * @param maxEntries answers kept at most; the least recently used goes first
 * @param maxBytes bytes of stored answers (JSON, keys and vectors) at most; the least recently used
 *     goes first, and an answer larger than this is never stored
 * @param semantic whether a differently worded last user turn may be served an answer the {@link
 *     SemanticMatch} verifier accepts (costs one embedding per cacheable request)
 */
public record CacheSettings(Duration ttl, int maxEntries, long maxBytes, boolean semantic) {
  /** One hour, 10,000 answers, 64 MiB, exact matches only. */
  public static final CacheSettings DEFAULT =
      new CacheSettings(Duration.ofHours(1), 10_000, 64L << 20, false);

  public CacheSettings {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) throw new IllegalArgumentException("ttl must be > 0");
    if (maxEntries < 1) throw new IllegalArgumentException("maxEntries must be >= 1");
    if (maxBytes < 1) throw new IllegalArgumentException("maxBytes must be >= 1");
  }
}
