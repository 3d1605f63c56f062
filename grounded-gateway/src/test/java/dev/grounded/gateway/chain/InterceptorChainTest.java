package dev.grounded.gateway.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InterceptorChainTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static ChatRequest request(String model) {
    ObjectNode body = JSON.createObjectNode().put("model", model);
    body.putArray("messages").addObject().put("role", "user").put("content", "hi");
    return new ChatRequest(
        body, RequestMetadata.anonymous("r"), Deadline.after(Duration.ofSeconds(5)));
  }

  static ChatResponse completion(String model) {
    ObjectNode body = JSON.createObjectNode().put("model", model);
    return new ChatResponse.Completion(body, Usage.NONE);
  }

  /** Answers with a completion naming the model it was asked for. */
  static final class Terminal implements Interceptor {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public ChatResponse intercept(Chain chain) {
      calls.incrementAndGet();
      return completion(chain.request().model());
    }
  }

  static final class CallsTwice implements Interceptor {
    @Override
    public ChatResponse intercept(Chain chain) {
      chain.proceed(chain.request());
      return chain.proceed(chain.request());
    }
  }

  static final class ReturnsNull implements Interceptor {
    @Override
    public ChatResponse intercept(Chain chain) {
      return null;
    }
  }

  static final class AlwaysProceeds implements Interceptor {
    @Override
    public ChatResponse intercept(Chain chain) {
      return chain.proceed(chain.request());
    }
  }

  static String model(ChatResponse r) {
    return ((ChatResponse.Completion) r).body().path("model").asText();
  }

  @Test
  void interceptorsRunInOrderAndSeeTheRequestTheOnesBeforeThemLeft() {
    List<String> seen = new CopyOnWriteArrayList<>();
    Interceptor first = c -> c.proceed(c.request().withModel(c.request().model() + "-routed"));
    Interceptor second =
        c -> {
          seen.add(c.request().model());
          return c.proceed(c.request());
        };
    ChatResponse r = InterceptorChain.run(List.of(first, second, new Terminal()), request("m"));
    assertThat(seen).containsExactly("m-routed");
    assertThat(model(r)).isEqualTo("m-routed");
  }

  @Test
  void anInterceptorMayAnswerWithoutCallingProceedAsACacheDoes() {
    Terminal provider = new Terminal();
    Interceptor cache = c -> completion("cached");
    assertThat(model(InterceptorChain.run(List.of(cache, provider), request("m"))))
        .isEqualTo("cached");
    assertThat(provider.calls).hasValue(0);
  }

  @Test
  void callingProceedAgainAfterAResponseIsRejectedNamingTheInterceptor() {
    assertThatThrownBy(
            () -> InterceptorChain.run(List.of(new CallsTwice(), new Terminal()), request("m")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(CallsTwice.class.getName())
        .hasMessageContaining("at most once");
  }

  @Test
  void callingProceedAgainAfterAFailureIsARetryAndAllowed() {
    AtomicInteger attempts = new AtomicInteger();
    Interceptor flaky =
        c -> {
          if (attempts.incrementAndGet() == 1)
            throw new GroundedException(ErrorCode.UPSTREAM_ERROR, "first attempt fails");
          return completion("second");
        };
    Interceptor retry =
        c -> {
          try {
            return c.proceed(c.request());
          } catch (GroundedException e) {
            return c.proceed(c.request());
          }
        };
    assertThat(model(InterceptorChain.run(List.of(retry, flaky), request("m"))))
        .isEqualTo("second");
  }

  @Test
  void aNullResponseIsRejectedNamingTheInterceptor() {
    assertThatThrownBy(
            () ->
                InterceptorChain.run(
                    List.of(new AlwaysProceeds(), new ReturnsNull()), request("m")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(ReturnsNull.class.getName())
        .hasMessageContaining("null");
  }

  @Test
  void theLastInterceptorMustNotCallProceed() {
    assertThatThrownBy(() -> InterceptorChain.run(List.of(new AlwaysProceeds()), request("m")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(AlwaysProceeds.class.getName())
        .hasMessageContaining("last");
  }
}
