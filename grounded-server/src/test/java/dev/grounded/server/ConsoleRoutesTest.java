package dev.grounded.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's static files over HTTP: the security headers on every file, gzip when accepted,
 * ETag revalidation, and nothing outside the console's own files served.
 */
class ConsoleRoutesTest {
  static TestServer server;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server = new TestServer(TestServer.temp("grounded-console-routes"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path)));
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void everyFileCarriesTheStrictPolicyAndIsGzippedWhenAccepted() throws Exception {
    for (String path :
        new String[] {"/console", "/console/", "/console/app.js", "/console/console.css"}) {
      HttpResponse<byte[]> plain = get(path);
      assertThat(plain.statusCode()).as(path).isEqualTo(200);
      assertThat(plain.headers().firstValue("Content-Security-Policy")).contains(ConsoleRoutes.CSP);
      assertThat(ConsoleRoutes.CSP)
          .contains("default-src 'none'")
          .contains("script-src 'self'")
          .doesNotContain("unsafe-inline")
          .doesNotContain("unsafe-eval")
          .contains("frame-ancestors 'none'");
      assertThat(plain.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
      assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();

      HttpResponse<byte[]> zipped = get(path, "Accept-Encoding", "gzip");
      assertThat(zipped.headers().firstValue("Content-Encoding")).contains("gzip");
      byte[] unzipped = new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes();
      assertThat(unzipped).isEqualTo(plain.body());
      assertThat(zipped.body().length).isLessThan(plain.body().length);
    }
    assertThat(new String(get("/console").body(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("<script type=\"module\" src=\"/console/app.js\"></script>")
        .doesNotContain("<script>");
  }

  @Test
  void anUnchangedFileIsRevalidatedWithA304() throws Exception {
    HttpResponse<byte[]> first = get("/console/api.js");
    String etag = first.headers().firstValue("ETag").orElseThrow();
    HttpResponse<byte[]> again = get("/console/api.js", "If-None-Match", etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(get("/console/api.js", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
  }

  @Test
  void nothingButTheConsolesOwnFilesIsServed() throws Exception {
    for (String path :
        new String[] {
          "/console/missing.js",
          "/console/..%2Fopenapi.json",
          "/console/%2e%2e%2fdocs.html",
          "/console/README.md",
          "/console/.hidden.js"
        }) {
      HttpResponse<byte[]> r = get(path);
      assertThat(r.statusCode()).as(path).isIn(400, 404);
      assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8))
          .as(path)
          .startsWith("{\"error\":")
          .doesNotContain("\"openapi\":")
          .doesNotContain("<html");
    }
    assertThat(get("/").statusCode()).isEqualTo(302);
  }
}
