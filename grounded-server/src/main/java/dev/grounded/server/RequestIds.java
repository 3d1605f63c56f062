package dev.grounded.server;

import io.javalin.http.Context;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A per-request id: the client's {@code X-Request-Id} when sane, else a random one; echoed back.
 */
final class RequestIds {
  static final String HEADER = "X-Request-Id";
  private static final String ATTRIBUTE = "grounded.requestId";
  private static final SecureRandom RANDOM = new SecureRandom();

  private RequestIds() {}

  static void assign(Context ctx) {
    String given = ctx.header(HEADER);
    String id =
        given != null && given.matches("[A-Za-z0-9._:-]{1,128}") ? given : "req_" + random(12);
    ctx.attribute(ATTRIBUTE, id);
    ctx.header(HEADER, id);
  }

  static String of(Context ctx) {
    String id = ctx.attribute(ATTRIBUTE);
    return id == null ? "-" : id;
  }

  static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
