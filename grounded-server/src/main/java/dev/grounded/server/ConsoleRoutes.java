package dev.grounded.server;

import dev.grounded.core.GroundedException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * The web console: static files under {@code /console/} from this module's resources, served
 * gzip-compressed when the client accepts it, revalidated by ETag, with a strict
 * Content-Security-Policy (scripts, styles, images and requests of this origin only; no inline
 * script, no frames). The files hold no data: every view reads the {@code /api} routes with the key
 * the user signed in with, so the console sees exactly what that key's tenant sees ({@code GET
 * /api/whoami} names that tenant).
 */
final class ConsoleRoutes implements Routes {
  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none';"
          + " form-action 'none'; frame-ancestors 'none'";
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*\\.(html|js|css|svg)");
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml");

  private final Map<String, File> files = new ConcurrentHashMap<>();

  private record File(String type, byte[] plain, byte[] gzip, String etag) {}

  @Override
  public void register(RoutesConfig r) {
    r.get("/", ctx -> ctx.redirect("/console/"));
    r.get("/console", ctx -> send(ctx, "index.html")); // also "/console/": trailing slashes ignored
    r.get("/console/{file}", ctx -> send(ctx, ctx.pathParam("file")));
    r.get("/api/whoami", ConsoleRoutes::whoami);
  }

  /** {@code {"object":"principal","tenant","key_id","open"}}: whom the presented key stands for. */
  private static void whoami(Context ctx) {
    dev.grounded.gateway.auth.Principal p = Auth.principal(ctx);
    com.fasterxml.jackson.databind.node.ObjectNode o = Json.object();
    o.put("object", "principal");
    o.put("tenant", p.tenant());
    o.put("key_id", p.keyId());
    o.put("open", "-".equals(p.keyId()));
    Json.write(ctx, 200, o);
  }

  private void send(Context ctx, String name) {
    File f =
        file(name).orElseThrow(() -> GroundedException.notFound("no console file '" + name + "'"));
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Cache-Control", "no-cache");
    ctx.header("ETag", f.etag());
    ctx.header("Vary", "Accept-Encoding");
    String match = ctx.header("If-None-Match");
    if (f.etag().equals(match)) {
      ctx.status(304);
      return;
    }
    ctx.status(200).contentType(f.type());
    String accept = ctx.header("Accept-Encoding");
    if (accept != null && accept.contains("gzip")) {
      ctx.header("Content-Encoding", "gzip");
      ctx.result(f.gzip());
    } else {
      ctx.result(f.plain());
    }
  }

  /**
   * The console file of that name, loaded once; only files that exist are kept, so requests for
   * made-up names cannot grow the map.
   */
  private Optional<File> file(String name) {
    if (!NAME.matcher(name).matches()) return Optional.empty();
    File known = files.get(name);
    if (known != null) return Optional.of(known);
    Optional<File> loaded = load(name);
    loaded.ifPresent(f -> files.putIfAbsent(name, f));
    return loaded;
  }

  private static Optional<File> load(String name) {
    try (InputStream in = ConsoleRoutes.class.getResourceAsStream("console/" + name)) {
      if (in == null) return Optional.empty();
      byte[] plain = in.readAllBytes();
      ByteArrayOutputStream z = new ByteArrayOutputStream(plain.length / 3 + 64);
      try (GZIPOutputStream gz = new GZIPOutputStream(z)) {
        gz.write(plain);
      }
      String ext = name.substring(name.lastIndexOf('.') + 1);
      String etag =
          "\""
              + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(plain), 0, 12)
              + "\"";
      return Optional.of(new File(TYPES.get(ext), plain, z.toByteArray(), etag));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
