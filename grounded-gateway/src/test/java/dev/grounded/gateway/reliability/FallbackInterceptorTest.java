package dev.grounded.gateway.reliability;

import static dev.grounded.gateway.upstream.FakeOpenAiUpstream.answer;
import static dev.grounded.gateway.upstream.FakeOpenAiUpstream.sequence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.Gateway;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.GatewayEvent;
import dev.grounded.gateway.chain.Target;
import dev.grounded.gateway.provider.OpenAiCompatibleProvider;
import dev.grounded.gateway.provider.Provider;
import dev.grounded.gateway.provider.ProviderConfig;
import dev.grounded.gateway.reliability.CircuitBreaker.State;
import dev.grounded.gateway.routing.Alias;
import dev.grounded.gateway.routing.AliasRouter;
import dev.grounded.gateway.routing.WeightedTarget;
import dev.grounded.gateway.testing.MutableClock;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream.Behaviour;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream.Status;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fallback and circuit breakers through the real chain: an alias "chat" on target a/model-a with
 * fallbacks b/model-b and c/model-c, each provider its own fake upstream, observed in its request
 * counts.
 */
@Timeout(10)
class FallbackInterceptorTest {
  static final Target A = new Target("a", "model-a");
  static final Target B = new Target("b", "model-b");
  static final Target C = new Target("c", "model-c");
  static final RetryPolicy ONCE =
      new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1));

  final List<GatewayEvent> events = new CopyOnWriteArrayList<>();
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final List<FakeOpenAiUpstream> fakes = new ArrayList<>();
  CircuitBreakers breakers =
      new CircuitBreakers(new BreakerPolicy(3, Duration.ofSeconds(30)), clock);

  @AfterEach
  void closeFakes() throws IOException {
    for (FakeOpenAiUpstream f : fakes) f.close();
  }

  FakeOpenAiUpstream fake(BiFunction<Integer, JsonNode, Behaviour> script) throws IOException {
    FakeOpenAiUpstream f = new FakeOpenAiUpstream(script);
    fakes.add(f);
    return f;
  }

  static Provider provider(String name, FakeOpenAiUpstream fake, Duration firstToken) {
    return new OpenAiCompatibleProvider(
        new ProviderConfig(name, fake.baseUrl(), "", firstToken),
        RetryInterceptorTest.HTTP,
        Map.of());
  }

  /** The "chat" alias over the given fakes, in the order a, b, c. */
  Gateway gateway(RetryPolicy retry, Duration firstToken, FakeOpenAiUpstream... upstreams) {
    List<Target> order = List.of(A, B, C).subList(0, upstreams.length);
    List<Provider> providers = new ArrayList<>();
    for (int i = 0; i < upstreams.length; i++)
      providers.add(provider(order.get(i).provider(), upstreams[i], firstToken));
    Alias chat =
        new Alias("chat", List.of(new WeightedTarget(A, 1)), order.subList(1, order.size()));
    return Gateway.routed(
        providers,
        new AliasRouter(List.of(chat), List.of(), new Random(1)),
        breakers,
        retry,
        events::add);
  }

  Gateway gateway(RetryPolicy retry, FakeOpenAiUpstream... upstreams) {
    return gateway(retry, Duration.ofSeconds(5), upstreams);
  }

  static ChatResponse chat(Gateway g) {
    return chat(g, false, Duration.ofSeconds(5));
  }

  static ChatResponse chat(Gateway g, boolean stream, Duration deadline) {
    return g.chat(RetryInterceptorTest.request(stream, deadline).withModel("chat"));
  }

  @Test
  void aFailingPrimaryFallsBackToTheSecondaryAfterItsOwnRetries() throws Exception {
    FakeOpenAiUpstream a = fake(sequence(new Status(503, "down", null)));
    FakeOpenAiUpstream b = fake(sequence(answer("from b")));
    Gateway g =
        gateway(
            new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofSeconds(1)),
            a,
            b);

    assertThat(RetryInterceptorTest.content(chat(g))).isEqualTo("from b");

    assertThat(a.count()).isEqualTo(2);
    assertThat(b.count()).isEqualTo(1);
    assertThat(a.requests.getFirst().path("model").asText()).isEqualTo("model-a");
    assertThat(b.requests.getFirst().path("model").asText()).isEqualTo("model-b");
    assertThat(events)
        .filteredOn(GatewayEvent.FallbackTaken.class::isInstance)
        .containsExactly(new GatewayEvent.FallbackTaken("req-1", A, B, ErrorCode.UPSTREAM_ERROR));
  }

  @Test
  void theCallNotesNameTheAnsweringTargetAndCountEveryAttempt() throws Exception {
    FakeOpenAiUpstream a = fake(sequence(new Status(503, "down", null)));
    FakeOpenAiUpstream b = fake(sequence(new Status(500, "x", null), answer("from b")));
    Gateway g =
        gateway(
            new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofSeconds(1)),
            a,
            b);
    var request = RetryInterceptorTest.request(false, Duration.ofSeconds(5)).withModel("chat");

    assertThat(RetryInterceptorTest.content(g.chat(request))).isEqualTo("from b");

    var notes = request.metadata().notes();
    assertThat(notes.target()).contains(B);
    assertThat(notes.attempts()).isEqualTo(4); // a twice, then b twice
  }

  @Test
  void theBreakerOpensAtItsThresholdThenOnlyOneProbeAfterTheCoolDownClosesIt() throws Exception {
    FakeOpenAiUpstream a =
        fake(
            sequence(
                new Status(500, "x", null),
                new Status(502, "x", null),
                new Status(503, "x", null),
                answer("a is back")));
    FakeOpenAiUpstream b = fake(sequence(answer("from b")));
    Gateway g = gateway(ONCE, a, b);

    for (int i = 0; i < 3; i++)
      assertThat(RetryInterceptorTest.content(chat(g))).isEqualTo("from b");
    assertThat(a.count()).isEqualTo(3);
    assertThat(breakers.of(A).state()).isEqualTo(State.OPEN);
    assertThat(events)
        .contains(new GatewayEvent.BreakerOpened("req-1", A, 3, Duration.ofSeconds(30)));

    for (int i = 0; i < 4; i++)
      assertThat(RetryInterceptorTest.content(chat(g))).isEqualTo("from b");
    clock.advance(Duration.ofSeconds(29));
    chat(g);
    assertThat(a.count()).as("no request to an open target").isEqualTo(3);
    assertThat(b.count()).isEqualTo(8);

    clock.advance(Duration.ofSeconds(1));
    assertThat(RetryInterceptorTest.content(chat(g))).isEqualTo("a is back");
    assertThat(a.count()).as("one probe").isEqualTo(4);
    assertThat(breakers.of(A).state()).isEqualTo(State.CLOSED);
    assertThat(events).contains(new GatewayEvent.BreakerClosed("req-1", A));

    assertThat(RetryInterceptorTest.content(chat(g))).isEqualTo("a is back");
    assertThat(a.count()).isEqualTo(5);
    assertThat(b.count()).isEqualTo(8);
  }

  @Test
  void aBadRequestNeitherFailsOverNorOpensABreaker() throws Exception {
    breakers = new CircuitBreakers(new BreakerPolicy(1, Duration.ofSeconds(30)), clock);
    FakeOpenAiUpstream a = fake(sequence(new Status(400, "bad field", null)));
    FakeOpenAiUpstream b = fake(sequence(answer("from b")));
    Gateway g = gateway(RetryInterceptorTest.QUICK, a, b);

    for (int i = 0; i < 2; i++)
      assertThatThrownBy(() -> chat(g))
          .isInstanceOfSatisfying(
              GroundedException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));

    assertThat(a.count()).isEqualTo(2);
    assertThat(b.count()).isZero();
    assertThat(breakers.of(A).state()).isEqualTo(State.CLOSED);
    assertThat(events).isEmpty();
  }

  @Test
  void whenEveryTargetsBreakerIsOpenTheCallerGetsAnUpstreamErrorWithoutAnyRequest()
      throws Exception {
    breakers = new CircuitBreakers(new BreakerPolicy(1, Duration.ofSeconds(30)), clock);
    FakeOpenAiUpstream a = fake(sequence(new Status(503, "down", null)));
    FakeOpenAiUpstream b = fake(sequence(new FakeOpenAiUpstream.Reset()));
    Gateway g = gateway(ONCE, a, b);
    assertThatThrownBy(() -> chat(g)).isInstanceOf(GroundedException.class);
    assertThat(events).hasSize(3); // fallback a -> b, both breakers opened

    assertThatThrownBy(() -> chat(g))
        .isInstanceOfSatisfying(
            GroundedException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
              assertThat(e).hasMessageContaining("circuit breaker open");
            });
    assertThat(a.count() + b.count()).isEqualTo(2);
  }

  @Test
  void aStreamThatFailsAfterItsFirstChunkIsNotFailedOver() throws Exception {
    FakeOpenAiUpstream a = fake(sequence(new FakeOpenAiUpstream.CutStream(1)));
    FakeOpenAiUpstream b = fake(sequence(answer("must not be sent")));
    var s =
        (ChatResponse.Streaming)
            chat(gateway(RetryInterceptorTest.QUICK, a, b), true, Duration.ofSeconds(5));

    assertThat(s.chunks().next()).isPresent();
    assertThatThrownBy(() -> s.chunks().next()).isInstanceOf(GroundedException.class);
    assertThat(s.chunks().next()).isEmpty();
    assertThat(a.count()).isEqualTo(1);
    assertThat(b.count()).isZero();
    assertThat(events).isEmpty();
  }

  @Test
  void aStreamThatFailsBeforeItsFirstChunkFallsBack() throws Exception {
    FakeOpenAiUpstream a = fake(sequence(new FakeOpenAiUpstream.CutStream(0)));
    FakeOpenAiUpstream b = fake(sequence(answer("streamed by b")));
    var s = (ChatResponse.Streaming) chat(gateway(ONCE, a, b), true, Duration.ofSeconds(5));
    StringBuilder text = new StringBuilder();
    for (var c = s.chunks().next(); c.isPresent(); c = s.chunks().next())
      text.append(
          RetryInterceptorTest.JSON.readTree(c.get()).at("/choices/0/delta/content").asText(""));
    assertThat(text).hasToString("streamed by b");
    assertThat(a.count()).isEqualTo(1);
  }

  @Test
  void aTargetNamingAnUnconfiguredProviderIsRejectedNamingIt() throws Exception {
    FakeOpenAiUpstream a = fake(sequence(answer("a")));
    Alias typo =
        new Alias("chat", List.of(new WeightedTarget(new Target("opneai", "m"), 1)), List.of());
    Gateway g =
        Gateway.routed(
            List.of(provider("a", a, Duration.ofSeconds(5))),
            new AliasRouter(List.of(typo), List.of(), new Random(1)),
            breakers,
            ONCE,
            events::add);
    assertThatThrownBy(() -> chat(g))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'opneai'");
    assertThat(a.count()).isZero();
  }

  static Stream<Arguments> faults() {
    return Stream.of(
            new FakeOpenAiUpstream.Hang(),
            answer("slow").delayed(Duration.ofSeconds(30)),
            answer("slow").slowFirstToken(Duration.ofSeconds(30)),
            new Status(503, "busy", null),
            new Status(429, "wait", "0.1"),
            new FakeOpenAiUpstream.Reset())
        .flatMap(b -> Stream.of(Arguments.of(b, false), Arguments.of(b, true)))
        .filter(
            a ->
                (boolean) a.get()[1]
                    || !(a.get()[0] instanceof FakeOpenAiUpstream.Answer x
                        && x.firstTokenDelay().isPositive())); // only streams have a first token
  }

  @ParameterizedTest(name = "{0} stream={1}")
  @MethodSource("faults")
  @Timeout(5) // the bound: three failing targets together must give up by the 700 ms deadline
  void theTotalDeadlineBoundsTheWholeFallbackSequence(Behaviour fault, boolean stream)
      throws Exception {
    RetryPolicy patient =
        new RetryPolicy(1000, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(1));
    breakers = new CircuitBreakers(new BreakerPolicy(1000, Duration.ofSeconds(30)), clock);
    FakeOpenAiUpstream a = fake(sequence(fault));
    FakeOpenAiUpstream b = fake(sequence(fault));
    FakeOpenAiUpstream c = fake(sequence(fault));
    Gateway g = gateway(patient, Duration.ofMillis(150), a, b, c);
    assertThatThrownBy(() -> chat(g, stream, Duration.ofMillis(700)))
        .isInstanceOf(GroundedException.class);
    assertThat(a.count()).isGreaterThanOrEqualTo(1);
  }
}
