package dev.grounded.gateway.chain;

import java.util.Objects;

/**
 * Who asked and under which id: what budgets, caches and the ledger key on. Never sent upstream.
 *
 * @param requestId unique per inbound request, for logs and the ledger
 * @param tenant the caller's tenant ({@code default} in open mode)
 * @param keyId the API key's public id, empty when the call was not made with a key
 * @param user the end user the caller named (OpenAI's {@code user} field), empty when none
 */
public record RequestMetadata(String requestId, String tenant, String keyId, String user) {
  public RequestMetadata {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(user, "user");
    if (requestId.isBlank()) throw new IllegalArgumentException("requestId must not be blank");
    if (tenant.isBlank()) throw new IllegalArgumentException("tenant must not be blank");
  }

  /** A call of the default tenant without a key or user (the library and CLI). */
  public static RequestMetadata anonymous(String requestId) {
    return new RequestMetadata(requestId, "default", "", "");
  }
}
