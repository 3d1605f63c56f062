package dev.grounded.gateway.auth;

import dev.grounded.core.GroundedException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored API key, without its secret: the public id, the tenant it authenticates as, a free-text
 * name (empty if none), when it was created, revoked and last used. {@code lastUsedAt} is coarse:
 * it is written at most once a minute per key.
 */
public record ApiKey(
    String id,
    String tenant,
    String name,
    Instant createdAt,
    Optional<Instant> revokedAt,
    Optional<Instant> lastUsedAt) {
  /** The longest name a key may have, in chars. */
  public static final int MAX_NAME_LENGTH = 100;

  public ApiKey {
    Objects.requireNonNull(id, "id");
    if (!KeyFormat.isId(id)) throw new IllegalArgumentException("not a key id: " + id);
    Tenants.check(tenant);
    checkName(name);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(revokedAt, "revokedAt");
    Objects.requireNonNull(lastUsedAt, "lastUsedAt");
  }

  /** Whether the key still authenticates (it has not been revoked). */
  public boolean active() {
    return revokedAt.isEmpty();
  }

  static String checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.length() > MAX_NAME_LENGTH)
      throw GroundedException.invalid(
          "name", "a key name has at most " + MAX_NAME_LENGTH + " characters");
    if (name.chars().anyMatch(Character::isISOControl))
      throw GroundedException.invalid("name", "a key name cannot contain control characters");
    return name;
  }
}
