package dev.grounded.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grounded.gateway.upstream.FakeChatServer.Reply;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChatClientTest {
  @Test
  void usageCountsCompletionsTokensAndRetries() throws Exception {
    AtomicInteger n = new AtomicInteger();
    // every third request is rate limited once, then answered
    try (FakeChatServer s =
        new FakeChatServer(
            r -> {
              Reply limited = new Reply(429, "slow down", "-1"); // a bad header: no wait
              return n.incrementAndGet() % 3 == 1 ? limited : Reply.content("ok");
            })) {
      ChatClient c =
          new ChatClient(s.baseUrl(), null, HttpClient.newHttpClient(), Duration.ofSeconds(5), 2);
      assertThat(c.usage()).isEqualTo(new ChatClient.Usage(0, 0, 0, 0));
      for (int i = 0; i < 2; i++)
        assertThat(
                c.complete("m", List.of(new ChatClient.Message("user", "hi")), 0, null).content())
            .isEqualTo("ok");
      // requests: 429, ok, ok, 429... -> two completions, one retry; 10 + 5 tokens each
      assertThat(c.usage()).isEqualTo(new ChatClient.Usage(2, 20, 10, 1));
      assertThat(s.requests).hasSize(3);
    }
  }

  @Test
  void aDeadEndpointIsNamedInTheError() throws Exception {
    java.net.URI dead;
    try (FakeChatServer s = new FakeChatServer(r -> Reply.content("ok"))) {
      dead = s.baseUrl(); // closed below: nothing listens there any more
    }
    ChatClient c = new ChatClient(dead, null, HttpClient.newHttpClient(), Duration.ofSeconds(5), 1);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> c.complete("m", List.of(new ChatClient.Message("user", "hi")), 0, null))
        .isInstanceOf(dev.grounded.core.GroundedException.class)
        .hasMessageContaining(dead + "/chat/completions: cannot connect (after 2 attempts)");
    assertThat(c.usage().retries()).isEqualTo(1);
  }
}
