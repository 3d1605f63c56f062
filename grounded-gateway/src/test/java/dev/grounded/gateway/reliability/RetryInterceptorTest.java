package dev.grounded.gateway.reliability;

import static dev.grounded.gateway.upstream.FakeOpenAiUpstream.answer;
import static dev.grounded.gateway.upstream.FakeOpenAiUpstream.sequence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.Gateway;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.Deadline;
import dev.grounded.gateway.chain.GatewayEvent;
import dev.grounded.gateway.chain.RequestMetadata;
import dev.grounded.gateway.provider.OpenAiCompatibleProvider;
import dev.grounded.gateway.provider.ProviderConfig;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream.Status;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Retries through the real chain, provider and fake upstream, counted at the upstream. */
@Timeout(10)
class RetryInterceptorTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  static final RetryPolicy QUICK =
      new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(2));

  final List<GatewayEvent> events = new CopyOnWriteArrayList<>();

  Gateway gateway(FakeOpenAiUpstream fake, RetryPolicy policy, Duration firstToken) {
    return new Gateway(
        new OpenAiCompatibleProvider(
            new ProviderConfig("fake", fake.baseUrl(), "", firstToken), HTTP, Map.of()),
        policy,
        events::add);
  }

  static ChatRequest request(boolean stream, Duration deadline) {
    ObjectNode body = JSON.createObjectNode().put("model", "m").put("stream", stream);
    body.putArray("messages").addObject().put("role", "user").put("content", "hi");
    return new ChatRequest(body, RequestMetadata.anonymous("req-1"), Deadline.after(deadline));
  }

  static String content(ChatResponse r) {
    return ((ChatResponse.Completion) r).body().at("/choices/0/message/content").asText();
  }

  @Test
  void aFlapping503IsRetriedUntilItAnswers() throws Exception {
    try (FakeOpenAiUpstream fake =
        new FakeOpenAiUpstream(
            (n, r) -> n % 2 == 1 ? new Status(503, "flap", null) : answer("up again"))) {
      Gateway g = gateway(fake, QUICK, Duration.ofSeconds(5));
      for (int i = 0; i < 3; i++)
        assertThat(content(g.chat(request(false, Duration.ofSeconds(5))))).isEqualTo("up again");
      assertThat(fake.count()).isEqualTo(6);
      assertThat(events).hasSize(3);
      assertThat(events.getFirst())
          .isInstanceOfSatisfying(
              GatewayEvent.UpstreamRetried.class,
              e -> {
                assertThat(e.requestId()).isEqualTo("req-1");
                assertThat(e.cause()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
              });
    }
  }

  @Test
  void aRateLimitWaitsAtLeastItsRetryAfter() throws Exception {
    try (FakeOpenAiUpstream fake =
        new FakeOpenAiUpstream(sequence(new Status(429, "slow down", "0.2"), answer("ok")))) {
      assertThat(
              content(
                  gateway(fake, QUICK, Duration.ofSeconds(5))
                      .chat(request(false, Duration.ofSeconds(5)))))
          .isEqualTo("ok");
      assertThat(fake.count()).isEqualTo(2);
      var retried = (GatewayEvent.UpstreamRetried) events.getFirst();
      assertThat(retried.delay()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
      assertThat(retried.cause()).isEqualTo(ErrorCode.RATE_LIMITED);
    }
  }

  @Test
  void aRetryAfterBeyondTheDeadlineGoesToTheCallerAtOnce() throws Exception {
    try (FakeOpenAiUpstream fake =
        new FakeOpenAiUpstream(sequence(new Status(429, "come back later", "1"), answer("ok")))) {
      assertThatThrownBy(
              () ->
                  gateway(fake, QUICK, Duration.ofSeconds(5))
                      .chat(request(false, Duration.ofMillis(800))))
          .isInstanceOfSatisfying(
              GroundedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED));
      assertThat(fake.count()).isEqualTo(1);
    }
  }

  @Test
  void attemptsAreBoundedByThePolicy() throws Exception {
    try (FakeOpenAiUpstream fake =
        new FakeOpenAiUpstream(sequence(new Status(500, "down", null)))) {
      assertThatThrownBy(
              () ->
                  gateway(fake, QUICK, Duration.ofSeconds(5))
                      .chat(request(false, Duration.ofSeconds(5))))
          .hasMessageContaining("answered 500: down");
      assertThat(fake.count()).isEqualTo(4);
    }
  }

  @Test
  void resetConnectionsMalformedRepliesAndSlowFirstTokensAreRetried() throws Exception {
    try (FakeOpenAiUpstream fake =
        new FakeOpenAiUpstream(
            sequence(
                new FakeOpenAiUpstream.Reset(),
                new FakeOpenAiUpstream.Malformed(),
                answer("late").slowFirstToken(Duration.ofSeconds(30)),
                answer("streamed at last")))) {
      var s =
          (ChatResponse.Streaming)
              gateway(fake, QUICK, Duration.ofMillis(300))
                  .chat(request(true, Duration.ofSeconds(8)));
      StringBuilder text = new StringBuilder();
      for (Optional<String> c; (c = s.chunks().next()).isPresent(); )
        text.append(JSON.readTree(c.get()).at("/choices/0/delta/content").asText(""));
      assertThat(text).hasToString("streamed at last");
      assertThat(fake.count()).isEqualTo(4);
    }
  }

  @Test
  void aStreamThatFailsAfterItsFirstChunkIsNeverRetried() throws Exception {
    try (FakeOpenAiUpstream fake =
        new FakeOpenAiUpstream(
            sequence(new FakeOpenAiUpstream.CutStream(1), answer("must not be sent")))) {
      var s =
          (ChatResponse.Streaming)
              gateway(fake, QUICK, Duration.ofSeconds(5))
                  .chat(request(true, Duration.ofSeconds(5)));
      assertThat(s.chunks().next()).isPresent();
      assertThatThrownBy(() -> s.chunks().next()).isInstanceOf(GroundedException.class);
      assertThat(s.chunks().next()).isEmpty();
      assertThat(fake.count()).isEqualTo(1);
      assertThat(events).isEmpty();
    }
  }

  @Test
  void aBadRequestIsNotRetried() throws Exception {
    try (FakeOpenAiUpstream fake = new FakeOpenAiUpstream(sequence(new Status(400, "bad", null)))) {
      assertThatThrownBy(
              () ->
                  gateway(fake, QUICK, Duration.ofSeconds(5))
                      .chat(request(false, Duration.ofSeconds(5))))
          .isInstanceOfSatisfying(
              GroundedException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
      assertThat(fake.count()).isEqualTo(1);
    }
  }

  static Stream<Arguments> faults() {
    return Stream.of(
            new FakeOpenAiUpstream.Hang(),
            answer("slow").delayed(Duration.ofSeconds(30)),
            answer("slow").slowFirstToken(Duration.ofSeconds(30)),
            new Status(503, "busy", null),
            new Status(429, "wait", "0.1"),
            new FakeOpenAiUpstream.Reset(),
            new FakeOpenAiUpstream.Malformed())
        .flatMap(b -> Stream.of(Arguments.of(b, false), Arguments.of(b, true)))
        .filter(
            a ->
                (boolean) a.get()[1]
                    || !(a.get()[0] instanceof FakeOpenAiUpstream.Answer x
                        && x.firstTokenDelay().isPositive())); // only streams have a first token
  }

  @ParameterizedTest(name = "{0} stream={1}")
  @MethodSource("faults")
  @Timeout(5) // the bound: the call must give up by its 700 ms deadline, not hang
  void noFaultHoldsARequestPastItsTotalDeadlineHoweverManyAttemptsAreAllowed(
      FakeOpenAiUpstream.Behaviour fault, boolean stream) throws Exception {
    RetryPolicy patient =
        new RetryPolicy(1000, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(1));
    try (FakeOpenAiUpstream fake = new FakeOpenAiUpstream(sequence(fault))) {
      assertThatThrownBy(
              () ->
                  gateway(fake, patient, Duration.ofMillis(200))
                      .chat(request(stream, Duration.ofMillis(700))))
          .isInstanceOf(GroundedException.class);
      assertThat(fake.count()).isGreaterThanOrEqualTo(1);
    }
  }
}
