package dev.grounded.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Item 3 and the embeddings token cap of issue 12: what a request may cost before it runs. */
class RequestLimitsTest {
  static final int MAX_JSON = 64 * 1024;
  static final int MAX_INFLIGHT = 100 * 1024;
  static final int TOKEN_CAP = 200;
  static TestServer server;

  @BeforeAll
  static void start() {
    RequestLimits limits =
        RequestLimits.DEFAULTS
            .withMaxJsonBytes(MAX_JSON)
            .withMaxInflightBytes(MAX_INFLIGHT)
            .withBodyTimeout(Duration.ofSeconds(2))
            .withMaxEmbeddingTokensPerRequest(TOKEN_CAP);
    server =
        new TestServer(
            TestServer.temp("grounded-limits"), ServerConfig.loopback().withLimits(limits), null);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String jsonHead(String path, long length, String... extra) {
    StringBuilder b = new StringBuilder();
    b.append("POST ").append(path).append(" HTTP/1.1\nHost: 127.0.0.1\n");
    b.append("Content-Type: application/json\nContent-Length: ").append(length).append('\n');
    for (String h : extra) b.append(h).append('\n');
    return b.append('\n').toString();
  }

  /** A JSON object of about {@code bytes} bytes that names a model this server lacks. */
  private static byte[] padded(int bytes) {
    String head = "{\"model\":\"no-such-model\",\"input\":\"";
    return (head + "x".repeat(Math.max(0, bytes - head.length() - 2)) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aDeclaredLengthOfTwoGigabytesOrMoreIsRefusedBeforeAnyBodyIsSent() {
    for (String path : List.of("/v1/embeddings", "/api/collections/any/documents")) {
      RawHttp.Reply r =
          RawHttp.exchange(server.server.port(), jsonHead(path, 3_000_000_000L), null);
      assertThat(r.status()).as(path).isEqualTo(413);
      assertThat(r.error().get("code").asText()).isEqualTo("payload_too_large");
    }
    RawHttp.Reply multipart =
        RawHttp.exchange(
            server.server.port(),
            "POST /api/collections/any/documents HTTP/1.1\nHost: 127.0.0.1\n"
                + "Content-Type: multipart/form-data; boundary=x\nContent-Length: 2147483648\n\n",
            null);
    assertThat(multipart.status()).isEqualTo(413);
    assertThat(multipart.error().get("message").asText()).contains("upload");
  }

  @Test
  void aJsonBodyOverTheJsonLimitIs413ThoughItIsUnderTheUploadLimit() {
    RawHttp.Reply declared =
        RawHttp.exchange(server.server.port(), jsonHead("/v1/embeddings", MAX_JSON + 1), null);
    assertThat(declared.status()).isEqualTo(413);
    assertThat(declared.error().get("message").asText()).contains("JSON").contains("" + MAX_JSON);

    // without a Content-Length (chunked) the limit holds while reading
    HttpRequest chunked =
        HttpRequest.newBuilder(URI.create(server.url("/v1/embeddings")))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(padded(3 * MAX_JSON))))
            .build();
    TestServer.Reply r = server.reply(chunked);
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.error().get("message").asText()).contains("JSON");
  }

  @Test
  void aClientThatSendsAnOversizedBodyWithoutWaitingStillGetsToReadTheRefusal() {
    byte[] body = padded(8 * 1024 * 1024); // more than the socket buffers hold
    try (RawHttp raw = new RawHttp(server.server.port())) {
      boolean sent = raw.sendAll(jsonHead("/v1/embeddings", body.length), body);
      RawHttp.Reply r = raw.reply();
      assertThat(sent).as("the whole body was written, not cut off by a reset").isTrue();
      assertThat(r.status()).isEqualTo(413);
      assertThat(r.error().get("code").asText()).isEqualTo("payload_too_large");
    }
  }

  @Test
  void aBodyShorterThanItsContentLengthIsAnsweredWithin408InsteadOfHoldingTheConnection() {
    RawHttp.Reply r =
        RawHttp.exchange(
            server.server.port(),
            jsonHead("/v1/embeddings", 1000),
            "{\"model\":".getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).isEqualTo(408);
    assertThat(r.error().get("type").asText()).isEqualTo("invalid_request_error");
  }

  @Test
  void aRequestOverTheBytesInFlightIs503WithRetryAfterAndTheHolderStillSucceeds() {
    int port = server.server.port();
    byte[] body = padded(MAX_INFLIGHT * 6 / 10);
    try (RawHttp holder = new RawHttp(port)) {
      holder.send(jsonHead("/v1/embeddings", body.length, "Expect: 100-continue"), null);
      RawHttp.Reply interim = holder.reply100();
      assertThat(interim.status()).isEqualTo(100); // the holder's bytes are now reserved

      RawHttp.Reply refused = RawHttp.exchange(port, jsonHead("/v1/embeddings", body.length), body);
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.headers()).containsKey("retry-after");
      assertThat(refused.error().get("code").asText()).isEqualTo("server_busy");

      holder.send("", body);
      RawHttp.Reply held = holder.reply();
      assertThat(held.status()).isEqualTo(404);
      assertThat(held.error().get("code").asText()).isEqualTo("model_not_found");
    }
    // released once the holder's exchange completes (just after its reply reached the client)
    int status = 503;
    for (int i = 0; i < 100 && status == 503; i++) {
      status = RawHttp.exchange(port, jsonHead("/v1/embeddings", body.length), body).status();
      if (status == 503) sleep(20);
    }
    assertThat(status).isEqualTo(404);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void concurrentLargeBodiesEachGetAWellFormedAnswerAndNoConnectionIsDropped() {
    List<CompletableFuture<TestServer.Reply>> replies = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      byte[] body = padded(i % 3 == 0 ? 3 * MAX_JSON : MAX_JSON / 2);
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(server.url("/v1/embeddings")))
              .header("Content-Type", "application/json")
              .expectContinue(i % 2 == 0)
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      replies.add(CompletableFuture.supplyAsync(() -> server.reply(request), server.executor));
    }
    int refused = 0;
    for (CompletableFuture<TestServer.Reply> f : replies) {
      TestServer.Reply r = f.join(); // an IOException (dropped connection) fails the test here
      assertThat(r.status()).isIn(404, 413, 503);
      assertThat(r.contentType()).startsWith("application/json");
      JsonNode e = r.error();
      assertThat(e.get("message").asText()).isNotBlank();
      if (r.status() != 404) refused++;
    }
    assertThat(refused).isGreaterThanOrEqualTo(8); // every third body is over the JSON limit
  }

  @Test
  void embeddingsOverTheTokenCapAre400NamingTheCountAndTheCap() {
    String sentence = "the quick brown fox jumps over the lazy dog ".repeat(10);
    String json =
        "{\"model\":\"bge-small-en-v1.5\",\"input\":[\""
            + sentence
            + "\",\""
            + sentence
            + "\",\""
            + sentence
            + "\"]}";
    TestServer.Reply r = server.post("/v1/embeddings", null, json);
    assertThat(r.status()).isEqualTo(400);
    JsonNode e = r.error();
    assertThat(e.get("param").asText()).isEqualTo("input");
    int count = 3 * TestServer.tokenizer().count(sentence);
    assertThat(e.get("message").asText()).contains("" + count).contains("" + TOKEN_CAP);

    TestServer.Reply ok =
        server.post(
            "/v1/embeddings",
            null,
            "{\"model\":\"bge-small-en-v1.5\",\"input\":\"" + sentence + "\"}");
    assertThat(ok.status()).isEqualTo(200);
  }
}
