package dev.grounded.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.grounded.gateway.Gateway;
import dev.grounded.gateway.chain.GatewayListener;
import dev.grounded.gateway.reliability.RetryPolicy;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The official {@code openai} npm SDK ({@code src/test/js/openai-sdk-gateway.mjs}) calling
 * configured aliases through a real server in front of a fake upstream: completion, a stream, a
 * stream broken upstream (the SDK must raise, not return cut text), an unknown model. Skipped like
 * {@link OpenAiClientsE2ETest} when node, npm or the registry is missing.
 */
class UpstreamSdkE2ETest {
  static final String EXPECTED = "Hello from the upstream model";

  @Test
  void theOpenAiSdkCompletesStreamsAndSeesABrokenStreamFailThroughAnAlias() throws Exception {
    String unavailable = OpenAiClientsE2ETest.installClients();
    assumeTrue(unavailable == null, () -> unavailable);
    try (FakeOpenAiUpstream upstream =
        new FakeOpenAiUpstream(
            (n, request) ->
                request.path("model").asText().equals("cut-model")
                    ? new FakeOpenAiUpstream.CutStream(2)
                    : FakeOpenAiUpstream.answer(EXPECTED))) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      Gateway gateway =
          TestGateways.routed(
                  Map.of("fast", "fake/good-model", "broken", "fake/cut-model"),
                  TestGateways.openAi("fake", upstream.baseUrl(), http))
              .retry(RetryPolicy.DEFAULT)
              .listener(GatewayListener.NONE)
              .build();
      try (TestServer server =
          new TestServer(
              TestServer.temp("grounded-upstream-sdk"),
              new UpstreamModels(gateway, List.of("fast", "broken"), Duration.ofSeconds(30)))) {
        OpenAiClientsE2ETest.Run r =
            OpenAiClientsE2ETest.exec(
                List.of("node", "openai-sdk-gateway.mjs"),
                Map.of(
                    "GROUNDED_BASE_URL", server.url("/v1"),
                    "GROUNDED_API_KEY", "any",
                    "GROUNDED_ALIAS", "fast",
                    "GROUNDED_BROKEN_ALIAS", "broken",
                    "GROUNDED_EXPECTED", EXPECTED),
                OpenAiClientsE2ETest.SCRIPT_TIMEOUT,
                "openai-sdk-gateway.mjs");
        System.out.println(r.output());
        r.assertSucceeded();
      }
    }
  }
}
