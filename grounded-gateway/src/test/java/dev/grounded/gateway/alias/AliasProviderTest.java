package dev.grounded.gateway.alias;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.ChunkStream;
import dev.grounded.gateway.chain.Deadline;
import dev.grounded.gateway.chain.RequestMetadata;
import dev.grounded.gateway.provider.ProviderConfig;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AliasProviderTest {
  static final ObjectMapper JSON = new ObjectMapper();
  FakeOpenAiUpstream upstream;
  AliasProvider aliases;

  @BeforeEach
  void start() throws Exception {
    upstream =
        new FakeOpenAiUpstream(FakeOpenAiUpstream.sequence(FakeOpenAiUpstream.answer("a b c")));
    aliases =
        AliasProvider.openAiCompatible(
            List.of(new ProviderConfig("up", upstream.baseUrl(), "", Duration.ofSeconds(5))),
            List.of(
                new ModelAlias(
                    "fast",
                    List.of(new ModelTarget("up", "org/model-1"), new ModelTarget("up", "spare")))),
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
            Map.of());
  }

  @AfterEach
  void stop() throws Exception {
    upstream.close();
  }

  static ChatRequest request(String model, boolean stream) {
    ObjectNode body = JSON.createObjectNode().put("model", model).put("stream", stream);
    body.putArray("messages").addObject().put("role", "user").put("content", "hi");
    return new ChatRequest(
        body, RequestMetadata.anonymous("r1"), Deadline.after(Duration.ofSeconds(10)));
  }

  @Test
  void anAliasGoesToItsFirstTargetAndAnswersUnderItsOwnName() {
    ChatResponse r = aliases.chat(request("fast", false));
    assertThat(((ChatResponse.Completion) r).body().get("model").asText()).isEqualTo("fast");
    assertThat(upstream.requests.getLast().get("model").asText()).isEqualTo("org/model-1");
    assertThat(aliases.names()).containsExactly("fast");
  }

  @Test
  void everyStreamChunkCarriesTheAliasName() throws Exception {
    ChatResponse r = aliases.chat(request("fast", true));
    List<String> models = new ArrayList<>();
    try (ChunkStream chunks = ((ChatResponse.Streaming) r).chunks()) {
      for (Optional<String> c = chunks.next(); c.isPresent(); c = chunks.next())
        models.add(JSON.readTree(c.get()).get("model").asText());
    }
    assertThat(models).hasSizeGreaterThan(1).containsOnly("fast");
  }

  @Test
  void anUnknownAliasIsModelNotFoundWithoutAnUpstreamCall() {
    assertThatThrownBy(() -> aliases.chat(request("slow", false)))
        .isInstanceOfSatisfying(
            GroundedException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND));
    assertThat(upstream.count()).isZero();
  }

  @Test
  void aliasesNamingUnknownProvidersOrGivenTwiceOrRagNamesAreRefused() {
    ModelAlias a = new ModelAlias("a", List.of(new ModelTarget("nope", "m")));
    assertThatThrownBy(() -> new AliasProvider(List.of(a), Map.of()))
        .hasMessageContaining("provider 'nope', which is not configured");
    ModelAlias b = new ModelAlias("b", List.of(new ModelTarget("up", "m")));
    assertThatThrownBy(() -> new AliasProvider(List.of(b, b), Map.of("up", aliases)))
        .hasMessageContaining("configured twice");
    assertThatThrownBy(() -> new ModelAlias("rag:x", List.of(new ModelTarget("up", "m"))))
        .hasMessageContaining("rag:");
  }
}
