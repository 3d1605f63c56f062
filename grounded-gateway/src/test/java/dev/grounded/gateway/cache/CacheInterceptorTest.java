package dev.grounded.gateway.cache;

import static dev.grounded.gateway.upstream.FakeOpenAiUpstream.answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.Gateway;
import dev.grounded.gateway.chain.CallNotes;
import dev.grounded.gateway.chain.CallNotes.CacheOutcome;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.ChunkStream;
import dev.grounded.gateway.chain.Deadline;
import dev.grounded.gateway.chain.RequestMetadata;
import dev.grounded.gateway.provider.OpenAiCompatibleProvider;
import dev.grounded.gateway.provider.ProviderConfig;
import dev.grounded.gateway.reliability.RetryPolicy;
import dev.grounded.gateway.testing.MutableClock;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream.CutStream;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream.Status;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cache stage in a real gateway over a fake OpenAI-compatible upstream that answers "answer N"
 * to its N-th request (or what the test scripts), observed in the upstream's request count.
 */
@Timeout(10)
class CacheInterceptorTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  static final RetryPolicy ONCE =
      new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1));

  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final AtomicReference<FakeOpenAiUpstream.Behaviour> next = new AtomicReference<>();
  final FakeOpenAiUpstream fake;
  CacheInterceptor cache;
  Gateway gateway;

  CacheInterceptorTest() throws IOException {
    fake =
        new FakeOpenAiUpstream(
            (n, req) -> {
              FakeOpenAiUpstream.Behaviour b = next.getAndSet(null);
              return b != null ? b : answer("answer " + n);
            });
    use(CacheSettings.DEFAULT);
  }

  void use(CacheSettings settings) {
    cache = CacheInterceptor.exact(settings, clock);
    gateway =
        Gateway.builder()
            .provider(
                new OpenAiCompatibleProvider(
                    new ProviderConfig("fake", fake.baseUrl(), "", Duration.ofSeconds(5)),
                    HTTP,
                    Map.of()))
            .cache(cache)
            .retry(ONCE)
            .build();
  }

  @AfterEach
  void close() throws IOException {
    fake.close();
  }

  /** A request at temperature 0 unless the body says otherwise. */
  static ChatRequest request(
      String tenant, Map<String, String> headers, String prompt, String... extra) {
    ObjectNode body = JSON.createObjectNode().put("model", "m").put("temperature", 0);
    body.putArray("messages").addObject().put("role", "user").put("content", prompt);
    for (int i = 0; i < extra.length; i += 2) {
      try {
        body.set(extra[i], JSON.readTree(extra[i + 1]));
      } catch (IOException e) {
        throw new IllegalArgumentException(e);
      }
    }
    return new ChatRequest(
        body,
        new RequestMetadata("r", tenant, "", "", headers, new CallNotes()),
        Deadline.after(Duration.ofSeconds(5)));
  }

  static ChatRequest request(String prompt, String... extra) {
    return request("default", Map.of(), prompt, extra);
  }

  /** The answer's text and the cache outcome. */
  record Answer(String text, CacheOutcome outcome) {}

  Answer ask(ChatRequest r) {
    ChatResponse response = gateway.chat(r);
    String text =
        switch (response) {
          case ChatResponse.Completion c ->
              c.body().path("choices").path(0).path("message").path("content").asText();
          case ChatResponse.Streaming s -> String.join("", deltas(drain(s.chunks())));
        };
    return new Answer(text, r.metadata().notes().cache());
  }

  static List<String> drain(ChunkStream s) {
    List<String> out = new ArrayList<>();
    try (s) {
      for (Optional<String> c = s.next(); c.isPresent(); c = s.next()) out.add(c.get());
    }
    return out;
  }

  static List<String> deltas(List<String> chunks) {
    List<String> out = new ArrayList<>();
    for (String c : chunks) {
      try {
        for (JsonNode ch : JSON.readTree(c).path("choices"))
          if (ch.path("delta").path("content").isTextual())
            out.add(ch.path("delta").path("content").asText());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return out;
  }

  @Test
  void theSameRequestIsAnsweredFromTheCacheWithoutAnUpstreamCall() {
    assertThat(ask(request("hi"))).isEqualTo(new Answer("answer 1", CacheOutcome.MISS));
    assertThat(ask(request("hi"))).isEqualTo(new Answer("answer 1", CacheOutcome.HIT));
    assertThat(ask(request("hello"))).isEqualTo(new Answer("answer 2", CacheOutcome.MISS));
    assertThat(fake.count()).isEqualTo(2);
    CacheStats s = cache.stats();
    assertThat(List.of(s.hits(), s.misses(), s.stored(), (long) s.entries()))
        .containsExactly(1L, 2L, 2L, 2L);
  }

  @Test
  void theSamePromptFromTwoTenantsNeverSharesAnEntry() {
    assertThat(ask(request("acme", Map.of(), "hi")).outcome()).isEqualTo(CacheOutcome.MISS);
    assertThat(ask(request("globex", Map.of(), "hi")))
        .isEqualTo(new Answer("answer 2", CacheOutcome.MISS));
    assertThat(ask(request("acme", Map.of(), "hi")))
        .isEqualTo(new Answer("answer 1", CacheOutcome.HIT));
    assertThat(ask(request("globex", Map.of(), "hi")))
        .isEqualTo(new Answer("answer 2", CacheOutcome.HIT));
  }

  @Test
  void aChangedCollectionVersionOrPromptVersionMisses() {
    Map<String, String> v1 =
        Map.of(CacheKeys.COLLECTION_VERSION, "7", CacheKeys.PROMPT_VERSION, "a");
    assertThat(ask(request("t", v1, "hi")).outcome()).isEqualTo(CacheOutcome.MISS);
    assertThat(ask(request("t", v1, "hi")).outcome()).isEqualTo(CacheOutcome.HIT);
    Map<String, String> collectionChanged = new HashMap<>(v1);
    collectionChanged.put(CacheKeys.COLLECTION_VERSION, "8");
    assertThat(ask(request("t", collectionChanged, "hi")))
        .isEqualTo(new Answer("answer 2", CacheOutcome.MISS));
    Map<String, String> promptChanged = new HashMap<>(v1);
    promptChanged.put(CacheKeys.PROMPT_VERSION, "b");
    assertThat(ask(request("t", promptChanged, "hi")))
        .isEqualTo(new Answer("answer 3", CacheOutcome.MISS));
  }

  @Test
  void aTemperatureAboveZeroIsNotCachedUnlessTheCallerOptsIn() {
    ChatRequest warm = request("hi", "temperature", "0.7");
    assertThat(ask(warm).outcome()).isEqualTo(CacheOutcome.BYPASS);
    assertThat(ask(request("hi", "temperature", "0.7")))
        .isEqualTo(new Answer("answer 2", CacheOutcome.BYPASS));
    // no temperature: the upstream's default (1) applies, so it is not cached either
    ObjectNode noTemperature = request("hi").body();
    noTemperature.remove("temperature");
    ChatRequest plain = request("hi").withBody(noTemperature);
    assertThat(ask(plain).outcome()).isEqualTo(CacheOutcome.BYPASS);
    Map<String, String> optIn = Map.of("x-grounded-cache", "yes");
    assertThat(ask(request("default", optIn, "hi", "temperature", "0.7")))
        .isEqualTo(new Answer("answer 4", CacheOutcome.MISS));
    assertThat(ask(request("default", optIn, "hi", "temperature", "0.7")))
        .isEqualTo(new Answer("answer 4", CacheOutcome.HIT));
    assertThat(fake.count()).isEqualTo(4);
  }

  @Test
  void theCallerMayOptOutByHeaderOrLiteLlmsBodyField() {
    ask(request("hi"));
    Map<String, String> no = Map.of("x-grounded-cache", "no");
    assertThat(ask(request("default", no, "hi")))
        .isEqualTo(new Answer("answer 2", CacheOutcome.BYPASS));
    // no-cache: not served from the cache, the fresh answer replaces the stored one
    assertThat(ask(request("hi", "cache", "{\"no-cache\": true}")))
        .isEqualTo(new Answer("answer 3", CacheOutcome.MISS));
    assertThat(fake.requests.getLast().has("cache")).as("cache field sent upstream").isFalse();
    assertThat(ask(request("hi"))).isEqualTo(new Answer("answer 3", CacheOutcome.HIT));
    // no-store: a new prompt's answer is not kept
    assertThat(ask(request("new", "cache", "{\"no-store\": true}")).outcome())
        .isEqualTo(CacheOutcome.MISS);
    assertThat(ask(request("new")).text()).isEqualTo("answer 5");
    assertThatThrownBy(() -> ask(request("default", Map.of("x-grounded-cache", "maybe"), "hi")))
        .isInstanceOf(GroundedException.class)
        .hasMessageContaining("x-grounded-cache must be yes or no");
  }

  @Test
  void anEntryExpiresAfterItsTtl() {
    use(new CacheSettings(Duration.ofMinutes(10), 100, 1 << 20, false));
    ask(request("hi"));
    clock.advance(Duration.ofMinutes(9));
    assertThat(ask(request("hi"))).isEqualTo(new Answer("answer 1", CacheOutcome.HIT));
    clock.advance(Duration.ofMinutes(1));
    assertThat(ask(request("hi"))).isEqualTo(new Answer("answer 2", CacheOutcome.MISS));
    assertThat(cache.stats().expired()).isEqualTo(1);
  }

  @Test
  void theEntryBoundEvictsTheLeastRecentlyUsed() {
    use(new CacheSettings(Duration.ofHours(1), 2, 1 << 20, false));
    ask(request("a"));
    ask(request("b"));
    ask(request("a")); // a is now more recent than b
    ask(request("c")); // evicts b
    assertThat(ask(request("a")).outcome()).isEqualTo(CacheOutcome.HIT);
    assertThat(ask(request("b"))).isEqualTo(new Answer("answer 4", CacheOutcome.MISS));
    assertThat(cache.stats().evicted()).isEqualTo(2);
    assertThat(cache.stats().entries()).isEqualTo(2);
  }

  @Test
  void theByteBoundEvictsAndNeverKeepsMoreThanItsBytes() {
    long oneEntry = CacheStore.size("x".repeat(300), null);
    use(new CacheSettings(Duration.ofHours(1), 1000, 2 * oneEntry, false));
    for (String p : List.of("a", "b", "c", "d")) ask(request(p));
    CacheStats s = cache.stats();
    assertThat(s.bytes()).isLessThanOrEqualTo(2 * oneEntry);
    assertThat(s.evicted()).isGreaterThanOrEqualTo(2);
    assertThat(ask(request("a")).outcome()).isEqualTo(CacheOutcome.MISS);
    assertThat(ask(request("d")).outcome()).isEqualTo(CacheOutcome.HIT);
  }

  @Test
  void anErrorIsNeverCached() {
    next.set(new Status(400, "bad thing", null));
    assertThatThrownBy(() -> ask(request("hi"))).isInstanceOf(GroundedException.class);
    assertThat(ask(request("hi"))).isEqualTo(new Answer("answer 2", CacheOutcome.MISS));
    assertThat(cache.stats().stored()).isEqualTo(1);
  }

  @Test
  void aStreamThatEndsWellIsStoredAndAHitIsStreamedBack() {
    ChatRequest stream = request("hi", "stream", "true");
    assertThat(ask(stream)).isEqualTo(new Answer("answer 1", CacheOutcome.MISS));
    assertThat(ask(request("hi"))).isEqualTo(new Answer("answer 1", CacheOutcome.HIT));
    ChatRequest again =
        request("hi", "stream", "true", "stream_options", "{\"include_usage\":true}");
    ChatResponse.Streaming hit = (ChatResponse.Streaming) gateway.chat(again);
    List<String> chunks = drain(hit.chunks());
    assertThat(String.join("", deltas(chunks))).isEqualTo("answer 1");
    assertThat(chunks.getLast()).contains("\"finish_reason\":\"stop\"");
    assertThat(again.metadata().notes().cache()).isEqualTo(CacheOutcome.HIT);
    assertThat(fake.count()).isEqualTo(1);
  }

  @Test
  void aCachedCompletionStreamsBackWithItsUsageWhenTheStreamAsksForIt() {
    ask(request("hi"));
    ChatRequest stream =
        request("hi", "stream", "true", "stream_options", "{\"include_usage\":true}");
    List<String> chunks = drain(((ChatResponse.Streaming) gateway.chat(stream)).chunks());
    assertThat(String.join("", deltas(chunks))).isEqualTo("answer 1");
    assertThat(chunks.getLast()).contains("\"usage\"").contains("\"choices\":[]");
    assertThat(chunks.getFirst()).contains("\"role\":\"assistant\"");
    assertThat(fake.count()).isEqualTo(1);
  }

  @Test
  void aCutOrAbandonedStreamIsNeverStored() {
    next.set(new CutStream(2));
    ChatResponse.Streaming cut =
        (ChatResponse.Streaming) gateway.chat(request("hi", "stream", "true"));
    assertThatThrownBy(() -> drain(cut.chunks())).isInstanceOf(GroundedException.class);
    ChatResponse.Streaming abandoned =
        (ChatResponse.Streaming) gateway.chat(request("hi", "stream", "true"));
    assertThat(abandoned.chunks().next()).isPresent();
    abandoned.chunks().close();
    assertThat(ask(request("hi"))).isEqualTo(new Answer("answer 3", CacheOutcome.MISS));
    assertThat(cache.stats().stored()).isEqualTo(1);
  }
}
