package dev.grounded.server;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import io.javalin.http.Context;
import java.net.URI;
import java.util.Locale;

/**
 * Open mode's guard against other sites: a server without keys trusts its machine, so a request
 * must name the machine ({@code Host} localhost, 127.x.x.x or [::1], any port; a DNS-rebound name
 * is refused) and must not come from another site's page ({@code Origin} absent, or {@code http://}
 * a loopback name and this server's port; {@code null} and every other origin are refused). Both
 * refusals are 403 {@code permission_error}.
 */
final class LocalOrigin {
  private LocalOrigin() {}

  static void check(Context ctx) {
    String host = ctx.header("Host");
    if (host != null && !loopback(hostName(host)))
      throw forbidden(
          "Host '"
              + host
              + "' is not this machine: a server without API keys answers only requests to"
              + " localhost, 127.0.0.1 or [::1] (create a key with 'grounded keys create' to serve"
              + " other names)");
    String origin = ctx.header("Origin");
    if (origin != null && !sameServer(origin, ctx.req().getLocalPort()))
      throw forbidden(
          "Origin '"
              + origin
              + "' is another site: a server without API keys answers only its own pages and"
              + " clients that send no Origin (create a key with 'grounded keys create' to serve"
              + " browser apps)");
  }

  private static boolean sameServer(String origin, int port) {
    try {
      URI u = new URI(origin.strip());
      if (!"http".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) return false;
      int p = u.getPort() == -1 ? 80 : u.getPort();
      return p == port && loopback(u.getHost());
    } catch (Exception e) {
      return false; // "null" and anything unparseable
    }
  }

  /** The host of a Host header value: {@code [::1]:8080} gives {@code [::1]}. */
  static String hostName(String host) {
    String h = host.strip();
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(0, end + 1);
    }
    int colon = h.indexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }

  static boolean loopback(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".")) n = n.substring(0, n.length() - 1);
    if (n.equals("localhost") || n.equals("[::1]") || n.equals("::1")) return true;
    String[] parts = n.split("\\.", -1);
    if (parts.length != 4 || !parts[0].equals("127")) return false;
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) return false;
      if (Integer.parseInt(p) > 255) return false;
    }
    return true;
  }

  private static GroundedException forbidden(String message) {
    return new GroundedException(ErrorCode.FORBIDDEN, message, null, null);
  }
}
