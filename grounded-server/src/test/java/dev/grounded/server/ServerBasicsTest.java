package dev.grounded.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.core.GroundedException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ServerBasicsTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = new TestServer(TestServer.temp("grounded-basics"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void healthIsImmediateAndReadinessFollowsTheModel() throws Exception {
    assertThat(server.get("/healthz", null).status()).isEqualTo(200);
    int status = 0;
    for (int i = 0; i < 100 && status != 200; i++) {
      status = server.get("/readyz", null).status();
      if (status != 200) Thread.sleep(100);
    }
    assertThat(status).isEqualTo(200);
  }

  @Test
  void versionAnswersTheProjectVersionTheBuildRecorded() {
    TestServer.Reply v = server.get("/version", null);
    assertThat(v.status()).isEqualTo(200);
    assertThat(v.json().get("object").asText()).isEqualTo("version");
    // the Maven project version, filtered into grounded-core at build time: never the fallback
    assertThat(v.json().get("version").asText())
        .isEqualTo(dev.grounded.core.Version.string())
        .matches("\\d+\\.\\d+\\.\\d+.*");
  }

  @Test
  void unknownRoutesAndMethodsGetOpenAiShapedErrors() {
    TestServer.Reply missing = server.get("/v1/nothing-here", null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.error().get("type").asText()).isEqualTo("not_found_error");
    TestServer.Reply wrongMethod = server.send("PUT", "/v1/models", null, "{}");
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.error().get("code").asText()).isEqualTo("method_not_allowed");
  }

  @Test
  void malformedJsonIsA400WithoutParamAndInvalidFieldsNameTheirParam() {
    TestServer.Reply bad = server.post("/v1/embeddings", null, "{\"model\": ");
    assertThat(bad.status()).isEqualTo(400);
    JsonNode e = bad.error();
    assertThat(e.get("type").asText()).isEqualTo("invalid_request_error");
    assertThat(e.get("message").asText()).contains("not valid JSON");
    assertThat(e.get("param").isNull()).isTrue();

    TestServer.Reply field =
        server.post(
            "/v1/embeddings",
            null,
            "{\"model\":\"bge-small-en-v1.5\",\"input\":\"x\",\"encoding_format\":\"hex\"}");
    assertThat(field.status()).isEqualTo(400);
    assertThat(field.error().get("param").asText()).isEqualTo("encoding_format");
  }

  @Test
  void theAccessLogHasOneJsonLinePerRequestAndNoSecrets() {
    server.send("GET", "/v1/models", "gr-notakey-supersecretvalue", null);
    String log = server.accessLog();
    assertThat(log).doesNotContain("supersecretvalue");
    JsonNode last = null;
    for (String line : log.lines().toList()) last = new TestServer.Reply(200, line, "").json();
    assertThat(last).isNotNull();
    assertThat(last.get("method").asText()).isNotEmpty();
    assertThat(last.get("status").asInt()).isPositive();
    assertThat(last.has("request_id")).isTrue();
  }

  @Test
  void refusesToListenBeyondLoopbackWithoutAnApiKey() {
    Path data = TestServer.temp("grounded-public");
    ServerConfig config =
        new ServerConfig(
            "0.0.0.0",
            0,
            1024,
            java.util.List.of(),
            java.time.Duration.ofSeconds(1),
            System.out,
            System.err);
    assertThatThrownBy(() -> new TestServer(data, config, null))
        .isInstanceOf(GroundedException.class)
        .hasMessageContaining("without an API key");
  }

  @Test
  void unexpectedFailuresAre500sWithoutStackTraces() {
    Path data = TestServer.temp("grounded-500");
    try (TestServer failing =
        new TestServer(
            data,
            ServerConfig.loopback(),
            r -> {
              throw new IllegalStateException("secret internals at Foo.java:42");
            })) {
      failing.seed(null, "docs", "a.txt", "Some text about the sea and its tides.");
      TestServer.Reply r =
          failing.post("/api/collections/docs/ask", null, "{\"question\":\"tides?\"}");
      assertThat(r.status()).isEqualTo(500);
      assertThat(r.body()).doesNotContain("Foo.java").doesNotContain("IllegalStateException");
      assertThat(r.error().get("type").asText()).isEqualTo("server_error");
      assertThat(failing.errorLog()).contains("IllegalStateException");
    }
  }

  @Test
  void stoppingDrainsARequestInFlight() throws Exception {
    Path data = TestServer.temp("grounded-drain");
    TestServer draining = new TestServer(data);
    String body = "{\"name\":\"drained\"}";
    try (Socket socket = new Socket("127.0.0.1", draining.server.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /api/collections HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  + "Content-Length: "
                  + body.length()
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      out.write(body.substring(0, 5).getBytes(StandardCharsets.UTF_8));
      out.flush();
      Thread.sleep(300); // the request is now in the handler, reading its body
      CompletableFuture<Void> stopping = CompletableFuture.runAsync(draining::close);
      Thread.sleep(300);
      out.write(body.substring(5).getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(response).startsWith("HTTP/1.1 201");
      stopping.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void stoppingWaitsForARunningIngestJob() {
    Path data = TestServer.temp("grounded-drain-job");
    // a generous drain: the job must finish however slow the machine, and the stop must wait for it
    TestServer s =
        new TestServer(
            data, ServerConfig.loopback().withShutdownTimeout(Duration.ofMinutes(5)), null);
    s.post("/api/collections", null, "{\"name\":\"jobs\"}");
    String text = "A sentence about shutdown and the jobs that must finish first. ".repeat(3000);
    TestServer.Reply r = s.upload("jobs", null, "long.txt", text.getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).isEqualTo(202);
    s.server.stop();
    try (dev.grounded.index.LuceneSearcher searcher = s.kb.searcher("jobs")) {
      assertThat(searcher.documentCount()).isEqualTo(1);
    } finally {
      s.close();
    }
  }
}
