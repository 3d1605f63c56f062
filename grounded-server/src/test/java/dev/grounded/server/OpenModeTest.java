package dev.grounded.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grounded.gateway.auth.IssuedKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Item 4 of issue 12: a loopback server without keys must not serve other sites' pages (Origin) or
 * DNS-rebound names (Host), JSON endpoints need {@code application/json}, and revoking the last key
 * does not quietly open a running server.
 */
class OpenModeTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = new TestServer(TestServer.temp("grounded-open"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String post(String path, String host, String origin, String type, String body) {
    StringBuilder b = new StringBuilder("POST " + path + " HTTP/1.1\n");
    b.append("Host: ").append(host).append('\n');
    if (origin != null) b.append("Origin: ").append(origin).append('\n');
    if (type != null) b.append("Content-Type: ").append(type).append('\n');
    b.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length);
    return b.append("\nConnection: close\n\n").toString();
  }

  private static RawHttp.Reply create(String name, String host, String origin, String type) {
    String body = "{\"name\":\"" + name + "\"}";
    return RawHttp.exchange(
        server.server.port(),
        post("/api/collections", host, origin, type, body),
        body.getBytes(StandardCharsets.UTF_8));
  }

  private static String local() {
    return "127.0.0.1:" + server.server.port();
  }

  @Test
  void theIssuesProbeIsRefusedOnEachOfItsThreeCounts() {
    String evilHost = "evil.example:" + server.server.port();
    RawHttp.Reply all = create("probe", evilHost, "http://evil.example", "text/plain");
    assertThat(all.status()).isIn(403, 415);
    all.error();
    assertThat(create("probe", evilHost, null, "application/json").status()).isEqualTo(403);
    RawHttp.Reply origin = create("probe", local(), "http://evil.example", "application/json");
    assertThat(origin.status()).isEqualTo(403);
    assertThat(origin.error().get("message").asText()).contains("Origin");
    RawHttp.Reply type = create("probe", local(), null, "text/plain");
    assertThat(type.status()).isEqualTo(415);
    assertThat(type.error().get("code").asText()).isEqualTo("unsupported_media_type");
    assertThat(server.get("/api/collections/probe", null).status()).isEqualTo(404);
  }

  @Test
  void jsonEndpointsNeedApplicationJsonWithOrWithoutCharset() {
    assertThat(create("typed", local(), null, "application/json; charset=utf-8").status())
        .isEqualTo(201);
    assertThat(create("untyped", local(), null, null).status()).isEqualTo(415);
    assertThat(create("form", local(), null, "application/x-www-form-urlencoded").status())
        .isEqualTo(415);
    RawHttp.Reply chat =
        RawHttp.exchange(
            server.server.port(),
            post("/v1/embeddings", local(), null, "text/plain", "{}"),
            "{}".getBytes(StandardCharsets.UTF_8));
    assertThat(chat.status()).isEqualTo(415);
  }

  @Test
  void loopbackHostNamesAndSameOriginPagesAreServed() {
    int port = server.server.port();
    assertThat(create("a1", "localhost:" + port, null, "application/json").status()).isEqualTo(201);
    assertThat(create("a2", "127.0.0.1", null, "application/json").status()).isEqualTo(201);
    assertThat(create("a3", "[::1]:" + port, null, "application/json").status()).isEqualTo(201);
    assertThat(
            create("a4", "localhost:" + port, "http://localhost:" + port, "application/json")
                .status())
        .isEqualTo(201);
    assertThat(create("a5", local(), "http://127.0.0.1:" + port, "application/json").status())
        .isEqualTo(201);
  }

  @Test
  void foreignNullAndOtherPortOriginsAreRefused() {
    int port = server.server.port();
    for (String origin :
        new String[] {
          "null", "http://evil.example:" + port, "http://localhost:1", "https://127.0.0.1:" + port
        }) {
      RawHttp.Reply r = create("o", local(), origin, "application/json");
      assertThat(r.status()).as(origin).isEqualTo(403);
      assertThat(r.error().get("type").asText()).isEqualTo("permission_error");
    }
  }

  @Test
  void aCrossOriginMultipartUploadIsRefused() {
    server.post("/api/collections", null, "{\"name\":\"uploads\"}");
    Multipart m = new Multipart().file("file", "a.txt", "hello".getBytes(StandardCharsets.UTF_8));
    byte[] body = m.bytes();
    String head =
        "POST /api/collections/uploads/documents HTTP/1.1\nHost: "
            + local()
            + "\nOrigin: http://evil.example\nContent-Type: "
            + m.contentType()
            + "\nContent-Length: "
            + body.length
            + "\nConnection: close\n\n";
    RawHttp.Reply r = RawHttp.exchange(server.server.port(), head, body);
    assertThat(r.status()).isEqualTo(403);
    assertThat(server.get("/api/collections/uploads/documents", null).json().get("data")).isEmpty();
  }

  @Test
  void revokingTheLastKeyKeepsARunningServerClosedUntilItRestarts() {
    Path data = TestServer.temp("grounded-revoked");
    try (TestServer s = new TestServer(data)) {
      assertThat(s.get("/v1/models", null).status()).isEqualTo(200); // open: no key yet
      IssuedKey key = s.keys.create("acme", "");
      assertThat(s.get("/v1/models", null).status()).isEqualTo(401);
      assertThat(s.get("/v1/models", key.secret()).status()).isEqualTo(200);
      s.keys.revoke(key.key().id());
      TestServer.Reply r = s.get("/v1/models", null);
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.error().get("message").asText()).contains("revoked").contains("restart");
      assertThat(s.errorLog()).contains("revoked");
    }
    // the documented way back to open mode: a restart with no active key
    try (TestServer restarted = new TestServer(data)) {
      assertThat(restarted.get("/v1/models", null).status()).isEqualTo(200);
    }
  }
}
