package dev.grounded.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.gateway.Gateway;
import dev.grounded.gateway.chain.GatewayListener;
import dev.grounded.gateway.provider.AnthropicProvider;
import dev.grounded.gateway.provider.OpenAiCompatibleProvider;
import dev.grounded.gateway.provider.Provider;
import dev.grounded.gateway.provider.ProviderConfig;
import dev.grounded.gateway.reliability.RetryPolicy;
import dev.grounded.gateway.upstream.FakeAnthropicUpstream;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The official SDKs of both vendors against Grounded, each with Grounded in front of a fake
 * upstream of the other protocol: {@code @anthropic-ai/sdk} ({@code
 * src/test/js/anthropic-sdk-gateway.mjs}) calls {@code /v1/messages} answered by an
 * OpenAI-compatible upstream; the {@code openai} SDK ({@code src/test/js/openai-sdk-anthropic.mjs})
 * calls {@code /v1/chat/completions} answered by an Anthropic upstream, and embeds with the
 * server's local model. Messages, streams, tool use, a stream broken upstream (the SDK must raise)
 * and typed errors. Skipped like {@link OpenAiClientsE2ETest} when node, npm or the registry is
 * missing.
 */
class MessagesSdkE2ETest {
  static final String EXPECTED = "Hello from the other protocol";
  static final String TOOL_ANSWER = "It is sunny in Paris.";
  static final List<String> WEATHER_ARGS = List.of("{\"city\":", "\"Paris\"}");

  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void theAnthropicSdkCreatesStreamsAndUsesToolsThroughGroundedInFrontOfAnOpenAiUpstream()
      throws Exception {
    String unavailable = OpenAiClientsE2ETest.installClients();
    assumeTrue(unavailable == null, () -> unavailable);
    try (FakeOpenAiUpstream upstream =
        new FakeOpenAiUpstream(
            (n, request) -> {
              if (request.path("model").asText().equals("cut-model"))
                return new FakeOpenAiUpstream.CutStream(2);
              if (lastRole(request).equals("tool")) return FakeOpenAiUpstream.answer(TOOL_ANSWER);
              if (request.has("tools"))
                return new FakeOpenAiUpstream.ToolCall("", "call_7", "get_weather", WEATHER_ARGS);
              return FakeOpenAiUpstream.answer(EXPECTED);
            })) {
      Provider provider =
          new OpenAiCompatibleProvider(
              new ProviderConfig("openai", upstream.baseUrl(), "", Duration.ofSeconds(10)),
              HTTP,
              Map.of());
      try (TestServer server = server("grounded-anthropic-sdk", provider)) {
        String key = server.keys.create("acme", "anthropic sdk").secret();
        run(
            server,
            "anthropic-sdk-gateway.mjs",
            Map.of("GROUNDED_BASE_URL", server.url(""), "GROUNDED_API_KEY", key));
        assertThat(upstream.requests)
            .as("the SDK's calls reached the OpenAI upstream as chat completions")
            .anySatisfy(
                r -> assertThat(r.at("/tools/0/function/name").asText()).isEqualTo("get_weather"))
            .anySatisfy(r -> assertThat(lastRole(r)).isEqualTo("tool"));
      }
    }
  }

  @Test
  void theOpenAiSdkChatsStreamsUsesToolsAndEmbedsThroughGroundedInFrontOfAnAnthropicUpstream()
      throws Exception {
    String unavailable = OpenAiClientsE2ETest.installClients();
    assumeTrue(unavailable == null, () -> unavailable);
    try (FakeAnthropicUpstream upstream =
        new FakeAnthropicUpstream(
            (n, request) -> {
              if (request.path("model").asText().equals("cut-model"))
                return new FakeAnthropicUpstream.Like(new FakeOpenAiUpstream.CutStream(2));
              if (lastBlockType(request).equals("tool_result"))
                return new FakeAnthropicUpstream.Like(FakeOpenAiUpstream.answer(TOOL_ANSWER));
              if (request.has("tools"))
                return new FakeAnthropicUpstream.ToolUse(
                    "", "toolu_7", "get_weather", WEATHER_ARGS);
              return new FakeAnthropicUpstream.Like(FakeOpenAiUpstream.answer(EXPECTED));
            })) {
      Provider provider =
          new AnthropicProvider(
              new ProviderConfig(
                  "anthropic", upstream.baseUrl(), "ANTHROPIC_KEY", Duration.ofSeconds(10)),
              HTTP,
              Map.of("ANTHROPIC_KEY", "sk-ant-e2e"),
              AnthropicProvider.DEFAULT_MAX_TOKENS);
      try (TestServer server = server("grounded-openai-sdk-anthropic", provider)) {
        run(
            server,
            "openai-sdk-anthropic.mjs",
            Map.of(
                "GROUNDED_BASE_URL",
                server.url("/v1"),
                "GROUNDED_API_KEY",
                "any",
                "GROUNDED_EMBEDDING_MODEL",
                TestServer.EMBEDDING_MODEL));
        assertThat(upstream.apiKeys).isNotEmpty().allMatch("sk-ant-e2e"::equals);
        assertThat(upstream.requests)
            .as("the SDK's calls reached the Anthropic upstream as messages")
            .anySatisfy(
                r -> assertThat(r.at("/tools/0/input_schema/type").asText()).isEqualTo("object"))
            .anySatisfy(r -> assertThat(lastBlockType(r)).isEqualTo("tool_result"));
      }
    }
  }

  /**
   * A server answering aliases {@code fast} and {@code broken} (model cut-model) via {@code
   * provider}.
   */
  static TestServer server(String name, Provider provider) {
    Gateway gateway =
        TestGateways.routed(
                Map.of(
                    "fast", provider.name() + "/good-model",
                    "broken", provider.name() + "/cut-model"),
                provider)
            .retry(RetryPolicy.DEFAULT)
            .listener(GatewayListener.NONE)
            .build();
    return new TestServer(
        TestServer.temp(name),
        new UpstreamModels(gateway, List.of("fast", "broken"), Duration.ofSeconds(30)));
  }

  static void run(TestServer server, String script, Map<String, String> env) {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("GROUNDED_ALIAS", "fast");
    all.put("GROUNDED_BROKEN_ALIAS", "broken");
    all.put("GROUNDED_EXPECTED", EXPECTED);
    all.put("GROUNDED_TOOL_ANSWER", TOOL_ANSWER);
    OpenAiClientsE2ETest.Run r =
        OpenAiClientsE2ETest.exec(
            List.of("node", script), all, OpenAiClientsE2ETest.SCRIPT_TIMEOUT, script);
    System.out.println(r.output());
    r.assertSucceeded();
  }

  static String lastRole(JsonNode request) {
    JsonNode messages = request.path("messages");
    return messages.path(messages.size() - 1).path("role").asText();
  }

  static String lastBlockType(JsonNode request) {
    JsonNode messages = request.path("messages");
    JsonNode content = messages.path(messages.size() - 1).path("content");
    return content.isArray() ? content.path(content.size() - 1).path("type").asText() : "";
  }
}
