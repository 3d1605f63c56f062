package dev.grounded.gateway.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.Gateway;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.ChunkStream;
import dev.grounded.gateway.chain.Deadline;
import dev.grounded.gateway.chain.RequestMetadata;
import dev.grounded.gateway.provider.OpenAiCompatibleProvider;
import dev.grounded.gateway.provider.ProviderConfig;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Tool allowlists in a real gateway over the fake upstream, which can answer with a tool call. */
@Timeout(10)
class ToolAllowlistInterceptorTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final ToolAllowlist ALLOWLIST =
      new ToolAllowlist(
          List.of(
              new ToolAllowlist.Rule("acme-read", Set.of("acme"), Set.of(), List.of("search_*")),
              new ToolAllowlist.Rule("ops-key", Set.of(), Set.of("k-ops"), List.of("restart"))));

  final AtomicReference<FakeOpenAiUpstream.Behaviour> next = new AtomicReference<>();
  final FakeOpenAiUpstream fake;
  final Gateway gateway;

  ToolAllowlistInterceptorTest() throws IOException {
    fake =
        new FakeOpenAiUpstream(
            (n, req) -> {
              FakeOpenAiUpstream.Behaviour b = next.getAndSet(null);
              return b != null ? b : FakeOpenAiUpstream.answer("ok");
            });
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    gateway =
        Gateway.builder()
            .provider(
                new OpenAiCompatibleProvider(
                    new ProviderConfig("fake", fake.baseUrl(), "", Duration.ofSeconds(5)),
                    http,
                    Map.of()))
            .guard(new ToolAllowlistInterceptor(ALLOWLIST))
            .build();
  }

  @AfterEach
  void close() throws IOException {
    fake.close();
  }

  ChatRequest request(String tenant, String key, boolean stream, String... tools) {
    ObjectNode body = JSON.createObjectNode().put("model", "m").put("stream", stream);
    body.putArray("messages").addObject().put("role", "user").put("content", "go");
    if (tools.length > 0) {
      var array = body.putArray("tools");
      for (String t : tools)
        array
            .addObject()
            .put("type", "function")
            .putObject("function")
            .put("name", t)
            .putObject("parameters")
            .put("type", "object");
    }
    return new ChatRequest(
        body, new RequestMetadata("r", tenant, key, ""), Deadline.after(Duration.ofSeconds(5)));
  }

  @Test
  void aDeclaredToolOutsideTheCallersListIsRefusedBeforeTheUpstream() {
    assertThatThrownBy(
            () -> gateway.chat(request("acme", "k1", false, "search_docs", "delete_repo")))
        .isInstanceOfSatisfying(
            GroundedException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
              assertThat(e.getMessage()).contains("delete_repo").contains("search_*");
            });
    assertThat(fake.count()).isZero();
    assertThat(gateway.chat(request("acme", "k1", false, "search_docs"))).isNotNull();
    // the key rule adds to the tenant rule; a caller no rule names is unrestricted
    assertThat(gateway.chat(request("acme", "k-ops", false, "restart", "search_web"))).isNotNull();
    assertThat(gateway.chat(request("other", "k9", false, "delete_repo"))).isNotNull();
  }

  @Test
  void aReplyCallingAToolTheCallerMayNotUseIsBlockedWholeOrStreamed() {
    next.set(new FakeOpenAiUpstream.ToolCall("", "call_1", "delete_repo", List.of("{}")));
    assertThatThrownBy(() -> gateway.chat(request("acme", "k1", false, "search_docs")))
        .isInstanceOfSatisfying(
            GroundedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.GUARD_BLOCKED));

    next.set(
        new FakeOpenAiUpstream.ToolCall("", "call_2", "delete_repo", List.of("{\"a\"", ":1}")));
    ChatResponse r = gateway.chat(request("acme", "k1", true, "search_docs"));
    assertThatThrownBy(
            () -> {
              try (ChunkStream s = ((ChatResponse.Streaming) r).chunks()) {
                for (Optional<String> c = s.next(); c.isPresent(); c = s.next()) {}
              }
            })
        .isInstanceOfSatisfying(
            GroundedException.class, e -> assertThat(e.getMessage()).contains("delete_repo"));

    next.set(new FakeOpenAiUpstream.ToolCall("", "call_3", "search_docs", List.of("{}")));
    assertThat(gateway.chat(request("acme", "k1", false, "search_docs"))).isNotNull();
  }
}
