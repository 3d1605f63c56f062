package dev.grounded.gateway.auth;

import java.util.Objects;

/**
 * A key just created: its record and the full key to hand to the client ({@code gr-<id>-<secret>}).
 * The secret is not stored and cannot be shown again; {@link #toString()} leaves it out so that it
 * does not end up in logs.
 */
public record IssuedKey(ApiKey key, String secret) {
  public IssuedKey {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(secret, "secret");
    if (!KeyFormat.parse(secret).map(p -> p.id().equals(key.id())).orElse(false))
      throw new IllegalArgumentException("the secret is not a well-formed key for " + key.id());
  }

  @Override
  public String toString() {
    return "IssuedKey[key=" + key + ", secret=(hidden)]";
  }
}
