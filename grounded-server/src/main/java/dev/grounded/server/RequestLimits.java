package dev.grounded.server;

import java.time.Duration;
import java.util.Objects;

/**
 * What one request may cost the server before any handler runs.
 *
 * @param maxJsonBytes the largest JSON request body ({@code server.max_json_mb}); larger ones get
 *     413 before they are read. Uploads have their own limit ({@code server.max_upload_mb}).
 * @param maxInflightBytes the request bytes all requests together may have in flight ({@code
 *     server.max_inflight_request_mb}), counted from each declared {@code Content-Length} (a body
 *     without one counts as its route's limit); a request over it gets 503 with {@code Retry-After}
 * @param bodyTimeout how long a connection may send nothing while a request or its body is expected
 *     ({@code server.body_timeout}); then the request gets 408 and the connection is closed
 * @param maxEmbeddingTokensPerRequest the most tokens one {@code POST /v1/embeddings} may ask to
 *     embed ({@code server.max_embedding_tokens_per_request}), counted with the model's tokenizer
 */
public record RequestLimits(
    long maxJsonBytes,
    long maxInflightBytes,
    Duration bodyTimeout,
    int maxEmbeddingTokensPerRequest) {
  public static final long MB = 1024L * 1024;
  public static final RequestLimits DEFAULTS =
      new RequestLimits(4 * MB, 256 * MB, Duration.ofSeconds(10), 100_000);

  public RequestLimits {
    if (maxJsonBytes < 1) throw new IllegalArgumentException("maxJsonBytes must be >= 1");
    if (maxInflightBytes < 1) throw new IllegalArgumentException("maxInflightBytes must be >= 1");
    Objects.requireNonNull(bodyTimeout, "bodyTimeout");
    if (bodyTimeout.isNegative() || bodyTimeout.isZero())
      throw new IllegalArgumentException("bodyTimeout must be positive");
    if (maxEmbeddingTokensPerRequest < 1)
      throw new IllegalArgumentException("maxEmbeddingTokensPerRequest must be >= 1");
  }

  public RequestLimits withMaxJsonBytes(long bytes) {
    return new RequestLimits(bytes, maxInflightBytes, bodyTimeout, maxEmbeddingTokensPerRequest);
  }

  public RequestLimits withMaxInflightBytes(long bytes) {
    return new RequestLimits(maxJsonBytes, bytes, bodyTimeout, maxEmbeddingTokensPerRequest);
  }

  public RequestLimits withBodyTimeout(Duration timeout) {
    return new RequestLimits(maxJsonBytes, maxInflightBytes, timeout, maxEmbeddingTokensPerRequest);
  }

  public RequestLimits withMaxEmbeddingTokensPerRequest(int tokens) {
    return new RequestLimits(maxJsonBytes, maxInflightBytes, bodyTimeout, tokens);
  }
}
