package dev.grounded.gateway.auth;

import java.util.Objects;

/** Who is calling: the tenant an authenticated API key belongs to, and that key's id. */
public record Principal(String tenant, String keyId) {
  public Principal {
    Tenants.check(tenant);
    Objects.requireNonNull(keyId, "keyId");
    if (keyId.isBlank()) throw new IllegalArgumentException("keyId is blank");
  }
}
