package dev.grounded.server;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.auth.ApiKeys;
import dev.grounded.gateway.auth.Principal;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * Resolves each request's tenant from its {@code Authorization: Bearer} key. While no key exists, a
 * loopback-only server serves everyone as tenant {@value #OPEN_TENANT}; a server bound to any other
 * address always requires a key.
 */
final class Auth {
  static final String OPEN_TENANT = "default";
  private static final String ATTRIBUTE = "grounded.principal";

  private final ApiKeys keys;
  private final boolean openWithoutKeys;

  Auth(ApiKeys keys, boolean loopbackOnly) {
    this.keys = keys;
    this.openWithoutKeys = loopbackOnly;
  }

  void authenticate(Context ctx) {
    String header = ctx.header("Authorization");
    boolean missing = header == null || header.isBlank();
    String presented =
        !missing && header.regionMatches(true, 0, "Bearer ", 0, 7)
            ? header.substring(7).trim()
            : "";
    // One lookup on the hot path: a valid key needs no check of whether any key exists.
    Optional<Principal> principal =
        presented.isEmpty() ? Optional.empty() : keys.authenticate(presented);
    if (principal.isEmpty() && openWithoutKeys && !keys.anyActive())
      // no key exists yet: whatever the client sends (SDKs insist on some key) is the open tenant
      principal = Optional.of(new Principal(OPEN_TENANT, "-"));
    if (principal.isEmpty())
      throw new GroundedException(
          ErrorCode.UNAUTHORIZED,
          missing
              ? "missing API key: send it as 'Authorization: Bearer <key>' (create one with 'grounded keys create')"
              : "invalid or revoked API key");
    ctx.attribute(ATTRIBUTE, principal.get());
  }

  static Principal principal(Context ctx) {
    Principal p = ctx.attribute(ATTRIBUTE);
    if (p == null)
      throw new IllegalStateException("route " + ctx.path() + " ran before authentication");
    return p;
  }

  static Optional<Principal> optionalPrincipal(Context ctx) {
    return Optional.ofNullable(ctx.attribute(ATTRIBUTE));
  }
}
