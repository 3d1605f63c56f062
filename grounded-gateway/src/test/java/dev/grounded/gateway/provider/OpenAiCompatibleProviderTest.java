package dev.grounded.gateway.provider;

import static dev.grounded.gateway.upstream.FakeOpenAiUpstream.answer;
import static dev.grounded.gateway.upstream.FakeOpenAiUpstream.sequence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.ChunkStream;
import dev.grounded.gateway.chain.Deadline;
import dev.grounded.gateway.chain.RequestMetadata;
import dev.grounded.gateway.chain.Usage;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream.Behaviour;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class OpenAiCompatibleProviderTest extends ProviderContractTest {
  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  @Override
  protected Upstream start(BiFunction<Integer, JsonNode, Behaviour> script, Duration firstToken)
      throws Exception {
    FakeOpenAiUpstream fake = new FakeOpenAiUpstream(script);
    Provider p =
        new OpenAiCompatibleProvider(
            new ProviderConfig("fake", fake.baseUrl(), "", firstToken), HTTP, Map.of());
    return new Upstream() {
      @Override
      public Provider provider() {
        return p;
      }

      @Override
      public int requests() {
        return fake.count();
      }

      @Override
      public void close() throws Exception {
        fake.close();
      }
    };
  }

  @Test
  void theRequestGoesUpstreamUnchangedWithTheKeyFromTheNamedEnvironmentVariable() throws Exception {
    ObjectNode body = JSON.createObjectNode().put("model", "gpt-x").put("max_tokens", 64);
    ObjectNode user = body.putArray("messages").addObject().put("role", "user");
    user.putArray("content")
        .add(JSON.createObjectNode().put("type", "text").put("text", "what is this?"))
        .add(
            JSON.createObjectNode()
                .put("type", "image_url")
                .set("image_url", JSON.createObjectNode().put("url", "data:image/png;base64,AA")));
    body.putArray("tools")
        .addObject()
        .put("type", "function")
        .putObject("function")
        .put("name", "lookup");
    body.putObject("response_format").put("type", "json_object");
    body.put("vendor_extra", true);
    try (FakeOpenAiUpstream fake = new FakeOpenAiUpstream(sequence(answer("ok")))) {
      var p =
          new OpenAiCompatibleProvider(
              new ProviderConfig("fake", fake.baseUrl(), "FAKE_KEY", Duration.ofSeconds(5)),
              HTTP,
              Map.of("FAKE_KEY", "sk-test-123"));
      p.chat(
          new ChatRequest(
              body, RequestMetadata.anonymous("r"), Deadline.after(Duration.ofSeconds(5))));
      assertThat(fake.requests.getFirst()).isEqualTo(body);
      assertThat(fake.authorizations.getFirst()).isEqualTo("Bearer sk-test-123");
    }
  }

  @Test
  void aPlainHttpUpstreamIsSpokenToInHttp11WithoutAnUpgradeRequest() throws Exception {
    // a client as 'grounded serve' builds it: the JDK's default version, HTTP/2
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        FakeOpenAiUpstream fake = new FakeOpenAiUpstream(sequence(answer("ok"), answer("ok")))) {
      var p =
          new OpenAiCompatibleProvider(
              new ProviderConfig("fake", fake.baseUrl(), "", Duration.ofSeconds(5)),
              http,
              Map.of());
      p.chat(request(false, Duration.ofSeconds(5)));
      try (ChunkStream s =
          ((ChatResponse.Streaming) p.chat(request(true, Duration.ofSeconds(5)))).chunks()) {
        assertThat(contents(s)).isNotEmpty();
      }
      assertThat(fake.headers).hasSize(2);
      for (Map<String, String> head : fake.headers) {
        assertThat(head).doesNotContainKeys("upgrade", "http2-settings");
        assertThat(head.getOrDefault("connection", "")).doesNotContainIgnoringCase("upgrade");
      }
    }
  }

  @Test
  void aMissingKeyVariableIsNamedInTheError() throws Exception {
    try (FakeOpenAiUpstream fake = new FakeOpenAiUpstream(sequence(answer("ok")))) {
      var p =
          new OpenAiCompatibleProvider(
              new ProviderConfig("fake", fake.baseUrl(), "FAKE_KEY", Duration.ofSeconds(5)),
              HTTP,
              Map.of());
      assertThatThrownBy(() -> p.chat(request(false, Duration.ofSeconds(5))))
          .isInstanceOfSatisfying(GroundedException.class, e -> assertThat(e.retriable()).isFalse())
          .hasMessageContaining("FAKE_KEY");
      assertThat(fake.count()).isZero();
    }
  }

  @Test
  void aClientWithoutAConnectTimeoutIsRefused() {
    HttpClient noTimeout = HttpClient.newBuilder().build();
    assertThatThrownBy(
            () ->
                new OpenAiCompatibleProvider(
                    new ProviderConfig(
                        "fake", URI.create("http://127.0.0.1:1/v1"), "", Duration.ofSeconds(1)),
                    noTimeout,
                    Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("connectTimeout");
  }

  @Test
  void aRefusedConnectionIsARetriableUpstreamError() throws Exception {
    URI dead;
    try (FakeOpenAiUpstream fake = new FakeOpenAiUpstream(sequence(answer("ok")))) {
      dead = fake.baseUrl();
    }
    var p =
        new OpenAiCompatibleProvider(
            new ProviderConfig("fake", dead, "", Duration.ofSeconds(1)), HTTP, Map.of());
    assertThatThrownBy(() -> p.chat(request(false, Duration.ofSeconds(5))))
        .isInstanceOfSatisfying(GroundedException.class, e -> assertThat(e.retriable()).isTrue())
        .hasMessageContaining("cannot connect");
  }

  @Test
  void aStreamAsksForUsageAndPassesTheUsageChunkOnOnlyWhenTheCallerAskedForIt() throws Exception {
    try (FakeOpenAiUpstream fake = new FakeOpenAiUpstream(sequence(answer("a b")))) {
      var p =
          new OpenAiCompatibleProvider(
              new ProviderConfig("fake", fake.baseUrl(), "", Duration.ofSeconds(5)),
              HTTP,
              Map.of());
      ChatRequest plain = request(true, Duration.ofSeconds(5));
      var s = (ChatResponse.Streaming) p.chat(plain);
      java.util.List<String> seen = new java.util.ArrayList<>();
      for (java.util.Optional<String> c; (c = s.chunks().next()).isPresent(); ) seen.add(c.get());
      assertThat(fake.requests.get(0).at("/stream_options/include_usage").asBoolean()).isTrue();
      assertThat(seen).hasSize(3).noneMatch(c -> c.contains("\"usage\""));
      assertThat(s.chunks().usage()).contains(new Usage(10, 2));

      ObjectNode asked = plain.body();
      asked.putObject("stream_options").put("include_usage", true);
      var t =
          (ChatResponse.Streaming)
              p.chat(
                  new ChatRequest(
                      asked,
                      RequestMetadata.anonymous("r2"),
                      Deadline.after(Duration.ofSeconds(5))));
      seen.clear();
      for (java.util.Optional<String> c; (c = t.chunks().next()).isPresent(); ) seen.add(c.get());
      assertThat(seen).hasSize(4);
      assertThat(JSON.readTree(seen.get(3)).path("choices").isEmpty()).isTrue();
      assertThat(JSON.readTree(seen.get(3)).at("/usage/completion_tokens").asInt()).isEqualTo(2);
      assertThat(t.chunks().usage()).contains(new Usage(10, 2));
    }
  }
}
