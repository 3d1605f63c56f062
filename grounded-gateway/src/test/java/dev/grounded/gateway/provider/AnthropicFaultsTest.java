package dev.grounded.gateway.provider;

import static dev.grounded.gateway.upstream.FakeAnthropicUpstream.replies;
import static dev.grounded.gateway.upstream.FakeOpenAiUpstream.answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.grounded.core.GroundedException;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.provider.ProviderContractTest.Upstream;
import dev.grounded.gateway.upstream.FakeAnthropicUpstream;
import dev.grounded.gateway.upstream.FakeAnthropicUpstream.Like;
import dev.grounded.gateway.upstream.FakeAnthropicUpstream.Reply;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fault of an Anthropic upstream ends, in either mode, with a {@link GroundedException}
 * (thrown by {@code chat} or by the stream it returned) well within a 700 ms request deadline:
 * nothing hangs. (Stream-only faults must still end a non-streaming call, answered or not.)
 */
class AnthropicFaultsTest {

  static Stream<Arguments> faults() {
    Stream<Reply> replies =
        Stream.of(
            new Like(new FakeOpenAiUpstream.Hang()),
            new Like(answer("late").slowFirstToken(Duration.ofSeconds(30))),
            new Like(answer("one two").holdAfterFirst(new CountDownLatch(1))),
            new Like(new FakeOpenAiUpstream.Status(429, "slow down", "1")),
            new Like(new FakeOpenAiUpstream.Status(529, "Overloaded", null)),
            new Like(new FakeOpenAiUpstream.Status(500, "boom", null)),
            new Like(new FakeOpenAiUpstream.Reset()),
            new Like(new FakeOpenAiUpstream.Malformed()),
            new Like(new FakeOpenAiUpstream.CutStream(2)),
            new FakeAnthropicUpstream.ErrorEvent(1));
    return replies.flatMap(r -> Stream.of(Arguments.of(r, false), Arguments.of(r, true)));
  }

  @ParameterizedTest(name = "{0} stream={1}")
  @MethodSource("faults")
  @Timeout(5)
  void noFaultHoldsACallPastItsDeadline(Reply fault, boolean stream) throws Exception {
    boolean streamOnly =
        fault instanceof FakeAnthropicUpstream.ErrorEvent
            || fault instanceof Like(FakeOpenAiUpstream.CutStream c)
            || fault instanceof Like(FakeOpenAiUpstream.Answer a)
                && (a.holdAfterFirst() != null || a.firstTokenDelay().isPositive());
    try (Upstream u = AnthropicProviderTest.upstream(replies(fault), Duration.ofMillis(400))) {
      GroundedException e =
          catchThrowableOfType(
              GroundedException.class,
              () -> {
                ChatResponse r =
                    u.provider().chat(ProviderContractTest.request(stream, Duration.ofMillis(700)));
                if (r instanceof ChatResponse.Streaming s)
                  try (var chunks = s.chunks()) {
                    for (Optional<String> c; (c = chunks.next()).isPresent(); ) {}
                  }
              });
      if (stream || !streamOnly) assertThat(e).as(fault + " stream=" + stream).isNotNull();
    }
  }
}
