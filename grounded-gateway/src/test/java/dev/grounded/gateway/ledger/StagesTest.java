package dev.grounded.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.gateway.Gateway;
import dev.grounded.gateway.budget.Budgets;
import dev.grounded.gateway.budget.LimitsInterceptor;
import dev.grounded.gateway.budget.Scope;
import dev.grounded.gateway.chain.CallNotes;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.ChunkStream;
import dev.grounded.gateway.chain.Deadline;
import dev.grounded.gateway.chain.RequestMetadata;
import dev.grounded.gateway.chain.Usage;
import dev.grounded.gateway.price.CallPricing;
import dev.grounded.gateway.price.ModelPrice;
import dev.grounded.gateway.price.PriceCatalogue;
import dev.grounded.gateway.provider.Provider;
import dev.grounded.gateway.structured.StructuredOutput;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The limits and ledger stages together, with in-process providers: abandoned streams, cache hits.
 */
class StagesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;
  final List<LedgerEntry> rows = new CopyOnWriteArrayList<>();
  final CallPricing pricing =
      new CallPricing(
          PriceCatalogue.empty().with(new ModelPrice("m", 0, 1_000_000_000)),
          Map.of("a", List.of("m")),
          100);

  static ChatRequest request(boolean stream) {
    ObjectNode body = JSON.createObjectNode().put("model", "a").put("stream", stream);
    body.put("max_tokens", 7);
    body.putArray("messages").addObject().put("role", "user").put("content", "Hi");
    return new ChatRequest(
        body,
        new RequestMetadata("r1", "acme", "k1", "bob"),
        Deadline.after(Duration.ofSeconds(5)));
  }

  Gateway gateway(Budgets budgets, Provider provider, boolean cacheHit) {
    Gateway.Builder b =
        Gateway.builder()
            .provider(provider)
            .limits(new LimitsInterceptor(budgets, pricing))
            .ledger(new LedgerInterceptor(rows::add, pricing, Clock.systemUTC()));
    if (cacheHit)
      b.cache(
          chain -> {
            chain.request().metadata().notes().cache(CallNotes.CacheOutcome.HIT);
            return new ChatResponse.Completion(JSON.createObjectNode(), new Usage(5, 5));
          });
    return b.build();
  }

  /** A stream of three chunks that never reports usage. */
  static Provider threeChunks() {
    return new Provider() {
      @Override
      public String name() {
        return "p";
      }

      @Override
      public ChatResponse chat(ChatRequest request) {
        return new ChatResponse.Streaming(
            new ChunkStream() {
              int sent;

              @Override
              public Optional<String> next() {
                return sent++ < 3 ? Optional.of("{\"choices\":[]}") : Optional.empty();
              }

              @Override
              public void close() {}
            });
      }
    };
  }

  @Test
  void aStreamClosedBeforeItsEndIsRecordedAsClosedAndChargedItsWorstCase() {
    try (Budgets budgets = Budgets.open(tmp.resolve("g.db"))) {
      ChatResponse r = gateway(budgets, threeChunks(), false).chat(request(true));
      ChunkStream s = ((ChatResponse.Streaming) r).chunks();
      assertThat(s.next()).isPresent();
      assertThat(rows).isEmpty(); // recorded when the stream ends, not before
      s.close();
      s.close();
      assertThat(rows)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.outcome()).isEqualTo(LedgerInterceptor.CLOSED);
                assertThat(e.tokensOut()).isEqualTo(7);
                assertThat(e.costMicros()).isEqualTo(7_000);
              });
      assertThat(budgets.usage(Scope.key("k1")).spentTodayMicros()).isEqualTo(7_000);
      assertThat(budgets.usage(Scope.key("k1")).reservedTodayMicros()).isZero();
    }
  }

  @Test
  void aCacheHitIsRecordedAsCachedAndCostsNothing() {
    try (Budgets budgets = Budgets.open(tmp.resolve("g.db"))) {
      gateway(budgets, threeChunks(), true).chat(request(false));
      assertThat(rows)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.cached()).isTrue();
                assertThat(e.costMicros()).isZero();
                assertThat(e.outcome()).isEqualTo(LedgerEntry.OK);
                assertThat(e.user()).isEqualTo("bob");
                assertThat(e.alias()).isEqualTo("a");
              });
      assertThat(budgets.usage(Scope.user("acme", "bob")).spentTodayMicros()).isZero();
    }
  }

  @Test
  void aStructuredOutputFailureIsChargedTheTokensOfEveryRejectedReply() {
    Provider sloppy =
        new Provider() {
          @Override
          public String name() {
            return "p";
          }

          @Override
          public ChatResponse chat(ChatRequest request) {
            ObjectNode body = JSON.createObjectNode().put("id", "c").put("model", "m");
            body.putArray("choices")
                .addObject()
                .put("index", 0)
                .put("finish_reason", "stop")
                .putObject("message")
                .put("role", "assistant")
                .put("content", "no JSON, sorry");
            return new ChatResponse.Completion(body, new Usage(10, 5));
          }
        };
    ObjectNode body = request(false).body();
    body.putObject("response_format").put("type", "json_object");
    ChatRequest structured =
        new ChatRequest(
            body,
            new RequestMetadata("r1", "acme", "k1", "bob"),
            Deadline.after(Duration.ofSeconds(5)));
    try (Budgets budgets = Budgets.open(tmp.resolve("g.db"))) {
      Gateway g =
          Gateway.builder()
              .provider(sloppy)
              .limits(new LimitsInterceptor(budgets, pricing))
              .ledger(new LedgerInterceptor(rows::add, pricing, Clock.systemUTC()))
              .structuredOutput(StructuredOutput.defaults())
              .build();
      assertThatThrownBy(() -> g.chat(structured)).hasMessageContaining("after 3 attempts");
      assertThat(rows)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.outcome()).isEqualTo("upstream_error");
                assertThat(e.tokensOut()).isEqualTo(15); // three replies of 5 tokens
                assertThat(e.costMicros()).isEqualTo(15_000);
              });
    }
  }
}
