package dev.grounded.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Item 9 of issue 12: errors Jetty raises before any route runs are OpenAI-shaped JSON too, and a
 * form field over its limit is named as such.
 */
class HttpErrorsTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = new TestServer(TestServer.temp("grounded-errors"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static RawHttp.Reply raw(String head) {
    return RawHttp.exchange(server.server.port(), head, null);
  }

  private static void assertOpenAiError(RawHttp.Reply r, int status) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/json");
    JsonNode e = r.error();
    assertThat(e.get("message").asText()).isNotBlank();
    assertThat(e.get("type").asText()).isNotBlank();
    assertThat(e.has("param")).isTrue();
    assertThat(e.get("code").asText()).isNotBlank();
  }

  @Test
  void aMalformedRequestLineIsAJson400AndAnUnknownVersionAJson505() {
    assertOpenAiError(raw("GARBAGE\n\n"), 400);
    assertOpenAiError(raw("GET /v1/models HTTP/9.9\nHost: 127.0.0.1\n\n"), 505);
  }

  @Test
  void aBadOrMissingHostHeaderIsAJson400() {
    assertOpenAiError(raw("GET /v1/models HTTP/1.1\nHost: a\nHost: b\n\n"), 400);
    assertOpenAiError(raw("GET /v1/models HTTP/1.1\n\n"), 400);
  }

  @Test
  void oversizedHeadersAreAJson431() {
    RawHttp.Reply r =
        raw("GET /v1/models HTTP/1.1\nHost: 127.0.0.1\nX-Big: " + "a".repeat(20_000) + "\n\n");
    assertOpenAiError(r, 431);
  }

  @Test
  void anOverlongUriIsAJson414() {
    RawHttp.Reply r = raw("GET /v1/" + "a".repeat(20_000) + " HTTP/1.1\nHost: 127.0.0.1\n\n");
    assertOpenAiError(r, 414);
  }

  @Test
  void aMetadataFieldOverItsLimitIsReportedAsMetadataNotAsTheUpload() {
    server.post("/api/collections", null, "{\"name\":\"meta\"}");
    String big = "{\"k\":\"" + "v".repeat(1024 * 1024) + "\"}";
    TestServer.Reply r =
        server.upload(
            "meta", null, "a.txt", "hello".getBytes(StandardCharsets.UTF_8), "metadata", big);
    assertThat(r.status()).isEqualTo(413);
    JsonNode e = r.error();
    assertThat(e.get("param").asText()).isEqualTo("metadata");
    assertThat(e.get("message").asText()).contains("metadata").doesNotContain("upload larger");
  }
}
