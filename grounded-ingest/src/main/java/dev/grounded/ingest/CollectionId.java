package dev.grounded.ingest;

import dev.grounded.core.GroundedException;
import java.util.regex.Pattern;

/**
 * A collection qualified by its tenant. Its {@link #key()} names it in the manifest and on disk
 * ({@code index/<key>/}): the bare name for the {@value #DEFAULT_TENANT} tenant, so data
 * directories from before tenants keep working, else {@code tenant~name}.
 *
 * @param tenant 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit
 * @param name same rules as the tenant
 */
public record CollectionId(String tenant, String name) {
  public static final String DEFAULT_TENANT = "default";
  private static final char SEPARATOR = '~';
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  public CollectionId {
    checkTenant(tenant);
    check("collection", "collection name", name);
  }

  /** Validates a tenant id; returns it. */
  public static String checkTenant(String tenant) {
    check("tenant", "tenant", tenant);
    return tenant;
  }

  /** A collection of the default tenant. */
  public static CollectionId of(String name) {
    return new CollectionId(DEFAULT_TENANT, name);
  }

  /** The inverse of {@link #key()}: {@code name} or {@code tenant~name}. */
  public static CollectionId parse(String key) {
    if (key == null) throw GroundedException.invalid("collection", "no collection name given");
    int sep = key.indexOf(SEPARATOR);
    return sep < 0 ? of(key) : new CollectionId(key.substring(0, sep), key.substring(sep + 1));
  }

  public String key() {
    return tenant.equals(DEFAULT_TENANT) ? name : tenant + SEPARATOR + name;
  }

  private static void check(String param, String what, String value) {
    if (value == null || !NAME.matcher(value).matches())
      throw GroundedException.invalid(
          param,
          "invalid "
              + what
              + " '"
              + value
              + "': use 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit");
  }
}
