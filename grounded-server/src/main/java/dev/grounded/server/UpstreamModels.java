package dev.grounded.server;

import dev.grounded.gateway.Gateway;
import dev.grounded.gateway.cache.CacheInterceptor;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The configured upstream models the server answers through the gateway at {@code
 * /v1/chat/completions}, beside its own {@code rag:} collections.
 *
 * @param gateway the chain every call goes through (null when no alias is configured)
 * @param aliases the model names clients may ask for, in configuration order
 * @param timeout each call's total deadline, retries and streaming included ({@code
 *     gateway.timeout})
 * @param cache the gateway's cache stage, for its counters and the {@code x-grounded-cache} header;
 *     null when the gateway has none
 */
public record UpstreamModels(
    Gateway gateway, List<String> aliases, Duration timeout, CacheInterceptor cache) {
  /** No upstream models: only {@code rag:} collections and the embedding model are served. */
  public static final UpstreamModels NONE =
      new UpstreamModels(null, List.of(), Duration.ofSeconds(120));

  /** Upstream models without a cache. */
  public UpstreamModels(Gateway gateway, List<String> aliases, Duration timeout) {
    this(gateway, aliases, timeout, null);
  }

  public UpstreamModels {
    aliases = List.copyOf(aliases);
    Objects.requireNonNull(timeout, "timeout");
    if (!aliases.isEmpty()) Objects.requireNonNull(gateway, "gateway");
    if (timeout.isNegative() || timeout.isZero())
      throw new IllegalArgumentException("timeout must be > 0");
    for (String a : aliases)
      if (a.startsWith(ChatCompletions.RAG_PREFIX))
        throw new IllegalArgumentException("alias " + a + " would hide a rag: collection");
  }

  boolean serves(String model) {
    return aliases.contains(model);
  }
}
