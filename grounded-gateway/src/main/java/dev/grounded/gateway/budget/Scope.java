package dev.grounded.gateway.budget;

import dev.grounded.core.GroundedException;
import dev.grounded.gateway.auth.Tenants;
import java.util.Objects;

/**
 * What a limit applies to: a tenant, an API key (by its id) or a user within a tenant (the name the
 * caller sends, e.g. OpenAI's {@code user} field). Stored as {@code tenant:acme}, {@code key:<id>},
 * {@code user:acme/bob}, so a user name is never shared across tenants.
 */
public record Scope(Kind kind, String id) {
  /** The three kinds of scope. */
  public enum Kind {
    TENANT,
    KEY,
    USER
  }

  public Scope {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    if (id.isEmpty() || id.length() > 300 || id.chars().anyMatch(Character::isISOControl))
      throw GroundedException.invalid(
          "scope", "a " + kind.name().toLowerCase() + " scope needs 1 to 300 printable characters");
  }

  public static Scope tenant(String tenant) {
    return new Scope(Kind.TENANT, Tenants.check(tenant));
  }

  public static Scope key(String keyId) {
    return new Scope(Kind.KEY, keyId);
  }

  public static Scope user(String tenant, String user) {
    Objects.requireNonNull(user, "user");
    if (user.isEmpty()) throw GroundedException.invalid("user", "a user scope needs a user name");
    return new Scope(Kind.USER, Tenants.check(tenant) + "/" + user);
  }

  /** The scope of a stored form ({@link #key()}), e.g. {@code user:acme/bob}. */
  public static Scope parse(String key) {
    int colon = key.indexOf(':');
    if (colon < 0) throw GroundedException.invalid("scope", "not a scope: " + key);
    Kind kind;
    try {
      kind = Kind.valueOf(key.substring(0, colon).toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw GroundedException.invalid("scope", "not a scope: " + key);
    }
    return new Scope(kind, key.substring(colon + 1));
  }

  /** The stored form, e.g. {@code user:acme/bob}. */
  public String key() {
    return kind.name().toLowerCase() + ":" + id;
  }

  @Override
  public String toString() {
    return key();
  }
}
