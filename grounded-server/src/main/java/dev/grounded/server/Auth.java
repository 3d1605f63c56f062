package dev.grounded.server;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.auth.ApiKeys;
import dev.grounded.gateway.auth.Principal;
import io.javalin.http.Context;
import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Resolves each request's tenant from its {@code Authorization: Bearer} key (or its {@code
 * x-api-key} header, as Anthropic's SDKs send it). A loopback-only server that started without an
 * active key serves local clients as tenant {@value #OPEN_TENANT} (open mode) until a key exists;
 * from then on it requires a key until it restarts, even if every key is revoked. In open mode a
 * request must come from this machine's own clients: a loopback {@code Host} (no DNS rebinding) and
 * no {@code Origin} or this server's own (no other site's page), see {@link LocalOrigin}. A server
 * bound to any other address always requires a key.
 */
final class Auth {
  static final String OPEN_TENANT = "default";
  private static final String ATTRIBUTE = "grounded.principal";

  private final ApiKeys keys;
  private final boolean loopbackOnly;
  private final PrintStream errors;
  private final AtomicBoolean keyed;
  private final AtomicBoolean toldRevoked = new AtomicBoolean();

  Auth(ApiKeys keys, boolean loopbackOnly, PrintStream errors) {
    this.keys = keys;
    this.loopbackOnly = loopbackOnly;
    this.errors = errors;
    this.keyed = new AtomicBoolean(keys.anyActive());
  }

  /** Whether the server serves requests without a key (loopback, no key seen since start). */
  boolean open() {
    if (!loopbackOnly || keyed.get()) return false;
    if (!keys.anyActive()) return true;
    keyed.set(true); // the first key closes the server for good (until restart)
    return false;
  }

  void authenticate(Context ctx) {
    String header = ctx.header("Authorization");
    String apiKey = ctx.header("x-api-key"); // how Anthropic's SDKs send the key
    boolean missing = (header == null || header.isBlank()) && (apiKey == null || apiKey.isBlank());
    String presented =
        header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
            ? header.substring(7).trim()
            : "";
    if (presented.isEmpty() && apiKey != null) presented = apiKey.trim();
    // One lookup on the hot path: a valid key needs no check of whether any key exists.
    Optional<Principal> principal =
        presented.isEmpty() ? Optional.empty() : keys.authenticate(presented);
    if (principal.isEmpty() && open()) {
      LocalOrigin.check(ctx);
      // no key exists yet: whatever the client sends (SDKs insist on some key) is the open tenant
      principal = Optional.of(new Principal(OPEN_TENANT, "-"));
    }
    if (principal.isEmpty()) throw unauthorized(missing);
    ctx.attribute(ATTRIBUTE, principal.get());
  }

  private GroundedException unauthorized(boolean missing) {
    String message =
        missing
            ? "missing API key: send it as 'Authorization: Bearer <key>' or 'x-api-key: <key>'"
                + " (create one with 'grounded keys create')"
            : "invalid or revoked API key";
    if (loopbackOnly && !keys.anyActive()) {
      if (toldRevoked.compareAndSet(false, true)) {
        errors.println(
            "grounded: every API key is revoked; the server keeps requiring a key until it is"
                + " restarted (it then serves loopback clients without a key)");
        errors.flush();
      }
      message +=
          "; every key of this server is revoked: create one with 'grounded keys create --tenant"
              + " NAME', or restart the server to serve loopback clients without a key";
    }
    return new GroundedException(ErrorCode.UNAUTHORIZED, message);
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
