package dev.grounded.gateway.auth;

import dev.grounded.core.GroundedException;
import java.util.Objects;
import java.util.regex.Pattern;

/** Tenant names: what they may look like, and the tenant used when no API key is configured. */
public final class Tenants {
  /** The tenant of every request when the server runs without API keys. */
  public static final String DEFAULT = "default";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  private Tenants() {}

  /**
   * Returns {@code tenant} if it is 1 to 64 letters, digits, {@code _ . -}, starting with a letter
   * or digit; otherwise throws an {@code invalid_request} error naming the parameter {@code
   * tenant}.
   */
  public static String check(String tenant) {
    Objects.requireNonNull(tenant, "tenant");
    if (!NAME.matcher(tenant).matches())
      throw GroundedException.invalid(
          "tenant",
          "invalid tenant '"
              + tenant
              + "': use 1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit");
    return tenant;
  }
}
