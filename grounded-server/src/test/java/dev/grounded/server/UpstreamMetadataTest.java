package dev.grounded.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.gateway.Gateway;
import dev.grounded.gateway.auth.IssuedKey;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.GatewayListener;
import dev.grounded.gateway.chain.RequestMetadata;
import dev.grounded.gateway.chain.Usage;
import dev.grounded.gateway.provider.Provider;
import dev.grounded.gateway.reliability.RetryPolicy;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What the chain learns about the caller of an alias: tenant, key id, request id and user. */
class UpstreamMetadataTest {
  final List<ChatRequest> seen = new CopyOnWriteArrayList<>();

  /** A provider that records what reached it and answers a fixed completion. */
  final Provider recording =
      new Provider() {
        @Override
        public String name() {
          return "recording";
        }

        @Override
        public ChatResponse chat(ChatRequest request) {
          seen.add(request);
          ObjectNode body = Json.object();
          body.put("object", "chat.completion").put("model", request.model());
          body.putArray("choices").addObject().putObject("message").put("content", "ok");
          return new ChatResponse.Completion(body, new Usage(1, 1));
        }
      };

  @Test
  void theTenantKeyRequestIdAndUserReachTheChainAndTheBodyPassesThrough() {
    Gateway gateway =
        TestGateways.routed(Map.of("fast", "recording/up-m"), recording)
            .retry(RetryPolicy.DEFAULT)
            .listener(GatewayListener.NONE)
            .build();
    try (TestServer server =
        new TestServer(
            TestServer.temp("grounded-upstream-meta"),
            new UpstreamModels(gateway, List.of("fast"), Duration.ofSeconds(30)))) {
      IssuedKey key = server.keys.create("acme", "meta");
      String json =
          "{\"model\":\"fast\",\"user\":\"end-user-9\",\"temperature\":0.2,\"tools\":[{\"type\":"
              + "\"function\",\"function\":{\"name\":\"f\",\"parameters\":{}}}],"
              + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
      TestServer.Reply r =
          server.reply(
              HttpRequest.newBuilder(URI.create(server.url("/v1/chat/completions")))
                  .header("Authorization", "Bearer " + key.secret())
                  .header("X-Request-Id", "req-meta-1")
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(json))
                  .build());
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(r.json().get("model").asText()).isEqualTo("fast");
      ChatRequest got = seen.getFirst();
      assertThat(got.metadata())
          .usingRecursiveComparison()
          .ignoringFields("notes")
          .isEqualTo(new RequestMetadata("req-meta-1", "acme", key.key().id(), "end-user-9"));
      assertThat(got.model()).isEqualTo("up-m");
      assertThat(got.tools()).isPresent();
      assertThat(got.temperature().getAsDouble()).isEqualTo(0.2);
      TestServer.Reply other = server.post("/v1/chat/completions", "wrong-key", json);
      assertThat(other.status()).isEqualTo(401);
      assertThat(seen).hasSize(1);
    }
  }

  @Test
  void anUpstreamSlowerThanTheBodyTimeoutStillAnswersStreamedOrNot() throws Exception {
    try (dev.grounded.gateway.upstream.FakeOpenAiUpstream upstream =
        new dev.grounded.gateway.upstream.FakeOpenAiUpstream(
            dev.grounded.gateway.upstream.FakeOpenAiUpstream.sequence(
                dev.grounded.gateway.upstream.FakeOpenAiUpstream.answer("late but here")
                    .delayed(Duration.ofMillis(1500))))) {
      Gateway gateway =
          TestGateways.routed(
                  Map.of("slow", "up/m"),
                  new dev.grounded.gateway.provider.OpenAiCompatibleProvider(
                      new dev.grounded.gateway.provider.ProviderConfig(
                          "up", upstream.baseUrl(), "", Duration.ofSeconds(20)),
                      java.net.http.HttpClient.newBuilder()
                          .connectTimeout(Duration.ofSeconds(5))
                          .build(),
                      Map.of()))
              .retry(RetryPolicy.DEFAULT)
              .listener(GatewayListener.NONE)
              .build();
      ServerConfig config =
          ServerConfig.loopback()
              .withLimits(RequestLimits.DEFAULTS.withBodyTimeout(Duration.ofMillis(500)));
      try (TestServer server =
          new TestServer(
              TestServer.temp("grounded-upstream-slow"),
              new UpstreamModels(gateway, List.of("slow"), Duration.ofSeconds(30)),
              config)) {
        String ask = "{\"model\":\"slow\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
        // three body timeouts pass without a byte either way, before the answer and the stream
        TestServer.Reply plain = server.post("/v1/chat/completions", null, ask + "}");
        assertThat(plain.status()).as(plain.body()).isEqualTo(200);
        assertThat(plain.json().at("/choices/0/message/content").asText())
            .isEqualTo("late but here");
        TestServer.Reply streamed =
            server.post("/v1/chat/completions", null, ask + ",\"stream\":true}");
        assertThat(streamed.status()).isEqualTo(200);
        assertThat(streamed.body()).contains("\" here\"").endsWith("data: [DONE]\n\n");
      }
    }
  }
}
