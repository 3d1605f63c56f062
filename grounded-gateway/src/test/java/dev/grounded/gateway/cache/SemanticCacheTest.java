package dev.grounded.gateway.cache;

import static dev.grounded.gateway.upstream.FakeOpenAiUpstream.answer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.embed.OnnxEmbedder;
import dev.grounded.gateway.Gateway;
import dev.grounded.gateway.chain.CallNotes;
import dev.grounded.gateway.chain.CallNotes.CacheOutcome;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.Deadline;
import dev.grounded.gateway.chain.RequestMetadata;
import dev.grounded.gateway.provider.OpenAiCompatibleProvider;
import dev.grounded.gateway.provider.ProviderConfig;
import dev.grounded.gateway.testing.MutableClock;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The semantic cache with the real bge-small model and the default verifier, through a gateway over
 * a fake upstream answering "answer N" to its N-th request.
 */
@Timeout(60)
class SemanticCacheTest {
  static OnnxEmbedder model;

  final FakeOpenAiUpstream fake = new FakeOpenAiUpstream((n, r) -> answer("answer " + n));
  final CacheInterceptor cache =
      new CacheInterceptor(
          new CacheSettings(Duration.ofHours(1), 100, 1 << 20, true),
          new MutableClock(Instant.parse("2026-01-01T00:00:00Z")),
          SemanticMatch.defaults(),
          text -> model.embed(List.of(text)).getFirst());
  final Gateway gateway =
      Gateway.builder()
          .provider(
              new OpenAiCompatibleProvider(
                  new ProviderConfig("fake", fake.baseUrl(), "", Duration.ofSeconds(5)),
                  CacheInterceptorTest.HTTP,
                  Map.of()))
          .cache(cache)
          .retry(CacheInterceptorTest.ONCE)
          .build();

  SemanticCacheTest() throws IOException {}

  @BeforeAll
  static void load() {
    model = OnnxEmbedder.bgeSmallEnV15Q(1);
  }

  @AfterAll
  static void unload() {
    model.close();
  }

  @AfterEach
  void close() throws IOException {
    fake.close();
  }

  CacheInterceptorTest.Answer ask(String tenant, String system, String prompt) {
    ObjectNode body = CacheInterceptorTest.JSON.createObjectNode().put("model", "m");
    body.put("temperature", 0);
    body.putArray("messages")
        .add(
            CacheInterceptorTest.JSON
                .createObjectNode()
                .put("role", "system")
                .put("content", system))
        .add(
            CacheInterceptorTest.JSON
                .createObjectNode()
                .put("role", "user")
                .put("content", prompt));
    ChatRequest r =
        new ChatRequest(
            body,
            new RequestMetadata("r", tenant, "", "", Map.of(), new CallNotes()),
            Deadline.after(Duration.ofSeconds(30)));
    ChatResponse.Completion c = (ChatResponse.Completion) gateway.chat(r);
    return new CacheInterceptorTest.Answer(
        c.body().path("choices").path(0).path("message").path("content").asText(),
        r.metadata().notes().cache());
  }

  @Test
  void aReworkedLastTurnIsServedOnlyWhenTheVerifierAcceptsItAndNeverAcrossTenants() {
    String sys = "You answer briefly.";
    assertThat(ask("t", sys, "What is the capital of France?").outcome())
        .isEqualTo(CacheOutcome.MISS);
    assertThat(ask("t", sys, "what is the capital of France"))
        .isEqualTo(new CacheInterceptorTest.Answer("answer 1", CacheOutcome.SEMANTIC));
    // the same reworded turn: another tenant, another system prompt
    assertThat(ask("other", sys, "what is the capital of France").outcome())
        .isEqualTo(CacheOutcome.MISS);
    assertThat(ask("t", "You answer at length.", "what is the capital of France").outcome())
        .isEqualTo(CacheOutcome.MISS);
    // a differing number is never served
    ask("t", sys, "Name 3 rivers in France.");
    assertThat(ask("t", sys, "Name 4 rivers in France.").outcome()).isEqualTo(CacheOutcome.MISS);
    assertThat(fake.count()).isEqualTo(5);
    assertThat(cache.stats().semanticHits()).isEqualTo(1);
  }
}
