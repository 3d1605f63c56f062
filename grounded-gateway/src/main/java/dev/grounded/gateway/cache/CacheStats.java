package dev.grounded.gateway.cache;

/**
 * The cache's counters since the gateway started, and its current size.
 *
 * @param hits requests answered from an exactly matching entry
 * @param semanticHits requests answered from an entry the verifier accepted
 * @param misses cacheable requests that went upstream
 * @param bypassed requests the cache did not consult (opted out, or temperature &gt; 0 without
 *     opting in)
 * @param stored answers stored
 * @param evicted entries dropped to stay within the size bounds
 * @param expired entries dropped because their TTL passed
 * @param entries entries held now
 * @param bytes bytes held now (estimated: JSON text, keys, vectors)
 */
public record CacheStats(
    long hits,
    long semanticHits,
    long misses,
    long bypassed,
    long stored,
    long evicted,
    long expired,
    int entries,
    long bytes) {}
