package dev.grounded.gateway.provider;

import static dev.grounded.gateway.upstream.FakeOpenAiUpstream.answer;
import static dev.grounded.gateway.upstream.FakeOpenAiUpstream.sequence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.ChunkStream;
import dev.grounded.gateway.chain.Deadline;
import dev.grounded.gateway.chain.RequestMetadata;
import dev.grounded.gateway.chain.UpstreamException;
import dev.grounded.gateway.chain.Usage;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream.Behaviour;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link Provider} must do, whatever its wire protocol: each implementation's test
 * extends this and starts a fake upstream of its protocol following the same {@link Behaviour}
 * script. Every fault ends in an answer or a clean {@link GroundedException} well within the JUnit
 * time-out: never a hang.
 */
@Timeout(10)
public abstract class ProviderContractTest {
  protected static final ObjectMapper JSON = new ObjectMapper();

  /** A started fake upstream and a provider pointed at it. */
  protected interface Upstream extends AutoCloseable {
    Provider provider();

    int requests();
  }

  /**
   * Starts a fake upstream following {@code script}; streams must start within {@code firstToken}.
   */
  protected abstract Upstream start(
      BiFunction<Integer, JsonNode, Behaviour> script, Duration firstToken) throws Exception;

  protected static ChatRequest request(boolean stream, Duration deadline) {
    ObjectNode body = JSON.createObjectNode().put("model", "m").put("stream", stream);
    body.putArray("messages").addObject().put("role", "user").put("content", "hi");
    return new ChatRequest(body, RequestMetadata.anonymous("r1"), Deadline.after(deadline));
  }

  protected static List<String> contents(ChunkStream s) {
    List<String> out = new ArrayList<>();
    for (Optional<String> c; (c = s.next()).isPresent(); ) out.add(delta(c.get()));
    return out;
  }

  protected static String delta(String chunk) {
    try {
      return JSON.readTree(chunk).path("choices").path(0).path("delta").path("content").asText("");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private GroundedException failure(Behaviour b, boolean stream, Duration deadline)
      throws Exception {
    try (Upstream u = start(sequence(b), Duration.ofSeconds(5))) {
      return org.assertj.core.api.Assertions.catchThrowableOfType(
          GroundedException.class, () -> u.provider().chat(request(stream, deadline)));
    }
  }

  @Test
  void aCompletionComesBackWithTheUpstreamJsonAndUsage() throws Exception {
    try (Upstream u = start(sequence(answer("Hello there")), Duration.ofSeconds(5))) {
      var c = (ChatResponse.Completion) u.provider().chat(request(false, Duration.ofSeconds(5)));
      assertThat(c.body().at("/choices/0/message/content").asText()).isEqualTo("Hello there");
      assertThat(c.usage().promptTokens()).isEqualTo(10);
      assertThat(c.usage().completionTokens()).isEqualTo(2);
    }
  }

  @Test
  void aStreamReportsItsUsageOnceItHasEnded() throws Exception {
    try (Upstream u = start(sequence(answer("Hello streaming world")), Duration.ofSeconds(5))) {
      var s = (ChatResponse.Streaming) u.provider().chat(request(true, Duration.ofSeconds(5)));
      assertThat(contents(s.chunks())).hasSize(4);
      assertThat(s.chunks().usage()).contains(new Usage(10, 3));
    }
  }

  @Test
  void aStreamPassesOnEveryChunkInOrderAndEnds() throws Exception {
    try (Upstream u = start(sequence(answer("Hello streaming world")), Duration.ofSeconds(5))) {
      var s = (ChatResponse.Streaming) u.provider().chat(request(true, Duration.ofSeconds(5)));
      assertThat(contents(s.chunks())).containsExactly("Hello", " streaming", " world", "");
      assertThat(s.chunks().next()).isEmpty();
    }
  }

  @Test
  void aStreamDeliversItsFirstChunkBeforeTheUpstreamHasSentTheRest() throws Exception {
    CountDownLatch rest = new CountDownLatch(1);
    try (Upstream u =
        start(sequence(answer("one two three").holdAfterFirst(rest)), Duration.ofSeconds(5))) {
      var s = (ChatResponse.Streaming) u.provider().chat(request(true, Duration.ofSeconds(8)));
      // the upstream holds "two three" until the first chunk has been seen here
      assertThat(delta(s.chunks().next().orElseThrow())).isEqualTo("one");
      rest.countDown();
      assertThat(contents(s.chunks())).containsExactly(" two", " three", "");
    }
  }

  @Test
  void aRateLimitIsRetriableAndKeepsRetryAfter() throws Exception {
    GroundedException e =
        failure(new FakeOpenAiUpstream.Status(429, "slow down", "7"), false, Duration.ofSeconds(5));
    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(e.retriable()).isTrue();
    assertThat(((UpstreamException) e).retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(e).hasMessageContaining("slow down");
  }

  @Test
  void serverErrorsAndResetConnectionsAreRetriableUpstreamErrors() throws Exception {
    for (boolean stream : new boolean[] {false, true})
      for (Behaviour b :
          List.of(
              new FakeOpenAiUpstream.Status(500, "boom", null),
              new FakeOpenAiUpstream.Status(503, "busy", null),
              new FakeOpenAiUpstream.Reset())) {
        GroundedException e = failure(b, stream, Duration.ofSeconds(5));
        assertThat(e.code()).as(b + " stream=" + stream).isEqualTo(ErrorCode.UPSTREAM_ERROR);
        assertThat(e.retriable()).as(b + " stream=" + stream).isTrue();
      }
  }

  @Test
  void aBadRequestIsInvalidAndCarriesTheUpstreamMessage() throws Exception {
    for (boolean stream : new boolean[] {false, true}) {
      GroundedException e =
          failure(
              new FakeOpenAiUpstream.Status(400, "messages[0].content is bad", null),
              stream,
              Duration.ofSeconds(5));
      assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
      assertThat(e.retriable()).isFalse();
      assertThat(e).hasMessageContaining("messages[0].content is bad");
    }
  }

  @Test
  void aRejectedUpstreamKeyIsAnUpstreamErrorThatNoRetryFixes() throws Exception {
    GroundedException e =
        failure(new FakeOpenAiUpstream.Status(401, "bad key", null), false, Duration.ofSeconds(5));
    assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
    assertThat(e.retriable()).isFalse();
  }

  @Test
  void malformedJsonIsAnUpstreamError() throws Exception {
    for (boolean stream : new boolean[] {false, true}) {
      GroundedException e =
          failure(new FakeOpenAiUpstream.Malformed(), stream, Duration.ofSeconds(5));
      assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
      assertThat(e).hasMessageContaining("not JSON");
    }
  }

  @Test
  void aStreamCutMidWayEndsWithAnErrorAfterTheChunksItDelivered() throws Exception {
    try (Upstream u = start(sequence(new FakeOpenAiUpstream.CutStream(2)), Duration.ofSeconds(5))) {
      var s = (ChatResponse.Streaming) u.provider().chat(request(true, Duration.ofSeconds(5)));
      assertThat(delta(s.chunks().next().orElseThrow())).isEqualTo("one");
      assertThat(delta(s.chunks().next().orElseThrow())).isEqualTo(" two");
      assertThatThrownBy(() -> s.chunks().next())
          .isInstanceOfSatisfying(
              GroundedException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR));
      assertThat(s.chunks().next()).isEmpty();
      assertThat(u.requests()).isEqualTo(1);
    }
  }

  @Test
  void anUpstreamThatNeverAnswersFailsAtTheDeadlineAndIsNotRetriable() throws Exception {
    for (boolean stream : new boolean[] {false, true}) {
      GroundedException e = failure(new FakeOpenAiUpstream.Hang(), stream, Duration.ofMillis(500));
      assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
      assertThat(e.retriable()).as("stream=" + stream).isFalse();
      assertThat(e).hasMessageContaining("deadline");
    }
  }

  @Test
  void aSlowFirstTokenFailsRetriablyBeforeTheDeadline() throws Exception {
    try (Upstream u =
        start(
            sequence(answer("late").slowFirstToken(Duration.ofSeconds(20))),
            Duration.ofMillis(300))) {
      assertThatThrownBy(() -> u.provider().chat(request(true, Duration.ofSeconds(20))))
          .isInstanceOfSatisfying(GroundedException.class, e -> assertThat(e.retriable()).isTrue());
    }
  }

  @Test
  void aStreamThatStallsAfterItsFirstChunkEndsAtTheDeadline() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    try (Upstream u =
        start(sequence(answer("one two").holdAfterFirst(never)), Duration.ofSeconds(5))) {
      var s = (ChatResponse.Streaming) u.provider().chat(request(true, Duration.ofMillis(700)));
      assertThat(delta(s.chunks().next().orElseThrow())).isEqualTo("one");
      assertThatThrownBy(() -> s.chunks().next()).hasMessageContaining("deadline");
    }
  }

  @Test
  @Timeout(5)
  void closingAStreamFromAnotherThreadEndsAWaitingConsumer() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    try (Upstream u =
        start(sequence(answer("one two").holdAfterFirst(never)), Duration.ofSeconds(5))) {
      var s = (ChatResponse.Streaming) u.provider().chat(request(true, Duration.ofSeconds(60)));
      assertThat(s.chunks().next()).isPresent();
      Thread closer =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      Thread.sleep(100);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    s.chunks().close(); // as a server does when its client goes away
                  });
      // waits for the held chunk until the close; the deadline is a minute away
      assertThat(s.chunks().next()).isEmpty();
      closer.join();
    }
  }
}
