package dev.grounded.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.Gateway;
import dev.grounded.gateway.chain.Interceptor;
import dev.grounded.gateway.chain.RequestMetadata;
import dev.grounded.gateway.provider.OpenAiCompatibleProvider;
import dev.grounded.gateway.provider.ProviderConfig;
import dev.grounded.gateway.testing.TestModels;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream.Status;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ChatModelTest {
  private static final List<ChatModel.Message> HI = List.of(new ChatModel.Message("user", "hi"));

  @Test
  void aCallGoesThroughTheGatewaysRetriesAndTotalsCountCallsTokensAndRetries() throws Exception {
    try (FakeOpenAiUpstream up =
        new FakeOpenAiUpstream(
            FakeOpenAiUpstream.sequence(
                new Status(500, "boom", null),
                new Status(429, "slow down", "0"),
                FakeOpenAiUpstream.answer("ok")))) {
      ChatModel m = TestModels.over(up.baseUrl(), "small");
      assertThat(m.totals()).isEqualTo(new ChatModel.Totals(0, 0, 0, 0));
      ChatModel.Reply r = m.complete(HI, ChatModel.Options.DEFAULT);
      assertThat(r.text()).isEqualTo("ok");
      assertThat(up.count()).isEqualTo(3); // 500 and 429 retried by the chain
      assertThat(up.requests.getFirst().path("model").asText()).isEqualTo("small");
      assertThat(up.requests.getFirst().path("messages").path(0).path("content").asText())
          .isEqualTo("hi");
      ChatModel.Totals t = m.totals();
      assertThat(t.calls()).isEqualTo(1);
      assertThat(t.retries()).isEqualTo(2);
      assertThat(t.promptTokens() + t.completionTokens()).isEqualTo(r.usage().totalTokens());
    }
  }

  @Test
  void aJsonSchemaIsSentAsResponseFormat() throws Exception {
    try (FakeOpenAiUpstream up =
        new FakeOpenAiUpstream(FakeOpenAiUpstream.sequence(FakeOpenAiUpstream.answer("{}")))) {
      var schema = new ObjectMapper().readTree("{\"type\":\"object\"}");
      TestModels.over(up.baseUrl(), "judge").complete(HI, new ChatModel.Options(0.5, schema));
      var format = up.requests.getFirst().path("response_format");
      assertThat(format.path("type").asText()).isEqualTo("json_schema");
      assertThat(format.path("json_schema").path("schema")).isEqualTo(schema);
      assertThat(up.requests.getFirst().path("temperature").asDouble()).isEqualTo(0.5);
    }
  }

  @Test
  void theLastFailureReachesTheCallerAfterTheRetries() throws Exception {
    try (FakeOpenAiUpstream up =
        new FakeOpenAiUpstream(FakeOpenAiUpstream.sequence(new Status(503, "down", null)))) {
      ChatModel m = TestModels.over(up.baseUrl(), "small");
      assertThatThrownBy(() -> m.complete(HI, ChatModel.Options.DEFAULT))
          .isInstanceOf(GroundedException.class);
      assertThat(up.count()).isEqualTo(3);
      assertThat(m.totals().calls()).isZero();
      assertThat(m.totals().retries()).isEqualTo(2);
    }
  }

  @Test
  void anUpstreamRefusingGroundedsOwnRequestIsAnUpstreamErrorNamingTheModel() throws Exception {
    try (FakeOpenAiUpstream up =
        new FakeOpenAiUpstream(
            FakeOpenAiUpstream.sequence(new Status(400, "filtered by policy", null)))) {
      ChatModel m = TestModels.over(up.baseUrl(), "small");
      assertThatThrownBy(() -> m.complete(HI, ChatModel.Options.DEFAULT))
          .isInstanceOfSatisfying(
              GroundedException.class,
              e -> assertThat(e.code()).isEqualTo(dev.grounded.core.ErrorCode.UPSTREAM_ERROR))
          .hasMessageContaining("model small")
          .hasMessageContaining("filtered by policy");
      assertThat(up.count()).isEqualTo(1); // a 400 is not retried
    }
  }

  @Test
  void callsMadeForARequestCarryItsMetadataThroughTheChain() throws Exception {
    List<RequestMetadata> seen = new CopyOnWriteArrayList<>();
    Interceptor spy =
        chain -> {
          seen.add(chain.request().metadata());
          return chain.proceed(chain.request());
        };
    try (FakeOpenAiUpstream up =
        new FakeOpenAiUpstream(FakeOpenAiUpstream.sequence(FakeOpenAiUpstream.answer("ok")))) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      Gateway g =
          Gateway.builder()
              .cache(spy)
              .provider(
                  new OpenAiCompatibleProvider(
                      new ProviderConfig("p", up.baseUrl(), "", Duration.ofSeconds(5)),
                      http,
                      Map.of()))
              .build();
      ChatModel base = new ChatModel(g, "small", Duration.ofSeconds(5));
      RequestMetadata m =
          new RequestMetadata(
              "req-1",
              "acme",
              "key-1",
              "alice",
              Map.of("x-grounded-collection-version", "v7"),
              new dev.grounded.gateway.chain.CallNotes());
      base.withMetadata(m).complete(HI, ChatModel.Options.DEFAULT);
      base.complete(HI, ChatModel.Options.DEFAULT);
      assertThat(seen.get(0)).isSameAs(m);
      assertThat(seen.get(1).tenant()).isEqualTo("default");
      assertThat(seen.get(1).requestId()).isNotEqualTo(seen.get(0).requestId());
      assertThat(base.totals().calls()).isEqualTo(2); // the copy adds to the same totals
    }
  }
}
