package dev.grounded.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.gateway.Gateway;
import dev.grounded.gateway.cache.CacheInterceptor;
import dev.grounded.gateway.cache.CacheSettings;
import dev.grounded.gateway.reliability.RetryPolicy;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The gateway cache through a real server: the {@code x-grounded-cache} response header (for
 * streams too), the caller's {@code x-grounded-*} request headers reaching the cache, tenants kept
 * apart by their keys, and the counters at {@code GET /api/cache}. The fake upstream answers
 * "answer N" to its N-th request.
 */
@Timeout(60)
class UpstreamCacheTest {
  static FakeOpenAiUpstream upstream;
  static TestServer server;
  static String alice;
  static String bob;
  static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    upstream = new FakeOpenAiUpstream((n, request) -> FakeOpenAiUpstream.answer("answer " + n));
    CacheInterceptor cache = CacheInterceptor.exact(CacheSettings.DEFAULT, Clock.systemUTC());
    Gateway gateway =
        TestGateways.routed(
                Map.of("fast", "fake/upstream-model"),
                TestGateways.openAi("fake", upstream.baseUrl(), http))
            .retry(new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ZERO))
            .cache(cache)
            .build();
    server =
        new TestServer(
            TestServer.temp("grounded-cache"),
            new UpstreamModels(gateway, List.of("fast"), Duration.ofSeconds(30), cache));
    alice = server.keys.create("alice", "alice's key").secret();
    bob = server.keys.create("bob", "bob's key").secret();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    upstream.close();
  }

  static String chat(String prompt, boolean stream) {
    return "{\"model\":\"fast\",\"temperature\":0,\"stream\":"
        + stream
        + ",\"messages\":[{\"role\":\"user\",\"content\":\""
        + prompt
        + "\"}]}";
  }

  static HttpResponse<String> post(String key, String json, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.url("/v1/chat/completions")))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + key)
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (headers.length > 0) b.headers(headers);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String cacheHeader(HttpResponse<String> r) {
    return r.headers().firstValue("x-grounded-cache").orElse("(none)");
  }

  static String content(HttpResponse<String> r) throws Exception {
    return Json.MAPPER.readTree(r.body()).at("/choices/0/message/content").asText();
  }

  /** The text of a streamed reply's content deltas, and whether it ended with [DONE]. */
  static String streamed(HttpResponse<String> r) throws Exception {
    StringBuilder text = new StringBuilder();
    List<String> data = new ArrayList<>();
    for (String line : r.body().split("\n"))
      if (line.startsWith("data: ")) data.add(line.substring(6));
    assertThat(data.getLast()).isEqualTo("[DONE]");
    for (String d : data.subList(0, data.size() - 1))
      text.append(Json.MAPPER.readTree(d).at("/choices/0/delta/content").asText(""));
    return text.toString();
  }

  @Test
  void repeatedRequestsAreServedFromTheCacheWithTheHeaderAndNeverAcrossTenants() throws Exception {
    HttpResponse<String> first = post(alice, chat("tenancy", false));
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(cacheHeader(first)).isEqualTo("miss");
    HttpResponse<String> again = post(alice, chat("tenancy", false));
    assertThat(cacheHeader(again)).isEqualTo("hit");
    assertThat(content(again)).isEqualTo(content(first));
    HttpResponse<String> other = post(bob, chat("tenancy", false));
    assertThat(cacheHeader(other)).isEqualTo("miss");
    assertThat(content(other)).isNotEqualTo(content(first));
  }

  @Test
  void aStreamIsStoredAndAStreamedHitCarriesTheHeader() throws Exception {
    HttpResponse<String> first = post(alice, chat("streamed", true));
    assertThat(cacheHeader(first)).isEqualTo("miss");
    String text = streamed(first);
    HttpResponse<String> hit = post(alice, chat("streamed", true));
    assertThat(hit.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    assertThat(cacheHeader(hit)).isEqualTo("hit");
    assertThat(streamed(hit)).isEqualTo(text);
    assertThat(content(post(alice, chat("streamed", false)))).isEqualTo(text);
  }

  @Test
  void requestHeadersReachTheCacheAndTheCountersAreReadable() throws Exception {
    post(alice, chat("headers", false));
    assertThat(cacheHeader(post(alice, chat("headers", false), "X-Grounded-Cache", "no")))
        .isEqualTo("bypass");
    assertThat(cacheHeader(post(alice, chat("headers", false), "X-Grounded-Prompt-Version", "v2")))
        .isEqualTo("miss");
    assertThat(cacheHeader(post(alice, chat("headers", false), "x-grounded-cache", "maybe")))
        .isEqualTo("(none)");
    TestServer.Reply stats = server.get("/api/cache", alice);
    assertThat(stats.status()).isEqualTo(200);
    JsonNode s = stats.json();
    assertThat(s.get("enabled").asBoolean()).isTrue();
    assertThat(s.get("bypassed").asLong()).isPositive();
    assertThat(s.get("misses").asLong()).isGreaterThanOrEqualTo(2);
    assertThat(s.get("entries").asLong()).isGreaterThanOrEqualTo(2);
    assertThat(s.get("ttl_seconds").asLong()).isEqualTo(3600);
  }
}
