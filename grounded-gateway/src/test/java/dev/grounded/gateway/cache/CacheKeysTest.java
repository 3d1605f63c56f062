package dev.grounded.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.gateway.chain.CallNotes;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.Deadline;
import dev.grounded.gateway.chain.RequestMetadata;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheKeysTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static ChatRequest request(String json, String tenant, Map<String, String> headers)
      throws Exception {
    return new ChatRequest(
        (ObjectNode) JSON.readTree(json),
        new RequestMetadata("r", tenant, "", "", headers, new CallNotes()),
        Deadline.after(Duration.ofSeconds(5)));
  }

  static CacheKeys keys(String json) throws Exception {
    return CacheKeys.of(request(json, "default", Map.of()));
  }

  @Test
  void keyOrderWhitespaceNumberFormAndDeliveryFieldsDoNotChangeTheKey() throws Exception {
    CacheKeys a =
        keys(
            "{\"model\":\"m\",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    CacheKeys b =
        keys(
            """
            { "messages" : [ { "content": "hi", "role": "user" } ],
              "stream": true, "stream_options": {"include_usage": true}, "user": "u-7",
              "temperature": 0.0, "model": "m", "cache": {"no-store": false}, "seed": null }
            """);
    assertThat(b.exact()).isEqualTo(a.exact());
    assertThat(b.rest()).isEqualTo(a.rest());
  }

  @Test
  void everythingThatChangesTheAnswerChangesTheKey() throws Exception {
    String base =
        "{\"model\":\"m\",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    String exact = keys(base).exact();
    assertThat(keys(base.replace("\"m\"", "\"m2\"")).exact()).isNotEqualTo(exact);
    assertThat(keys(base.replace("\"hi\"", "\"Hi\"")).exact()).isNotEqualTo(exact);
    assertThat(keys(base.replace("0,", "0.5,")).exact()).isNotEqualTo(exact);
    assertThat(keys(base.replace("}]}", "}],\"max_tokens\":5}")).exact()).isNotEqualTo(exact);
    assertThat(CacheKeys.of(request(base, "acme", Map.of())).exact()).isNotEqualTo(exact);
    assertThat(
            CacheKeys.of(request(base, "default", Map.of(CacheKeys.PROMPT_VERSION, "2"))).exact())
        .isNotEqualTo(exact);
    assertThat(
            CacheKeys.of(request(base, "default", Map.of(CacheKeys.COLLECTION_VERSION, "41")))
                .exact())
        .isNotEqualTo(exact);
  }

  @Test
  void theRestKeyIgnoresOnlyTheLastUserTurn() throws Exception {
    String two =
        "{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"S\"},"
            + "{\"role\":\"user\",\"content\":\"%s\"}]}";
    CacheKeys a = keys(two.formatted("What is the capital of France?"));
    CacheKeys b = keys(two.formatted("Which city is France's capital?"));
    assertThat(a.exact()).isNotEqualTo(b.exact());
    assertThat(a.rest()).isEqualTo(b.rest());
    assertThat(a.lastUserTurn()).contains("What is the capital of France?");
    assertThat(keys(two.replace("\"S\"", "\"T\"").formatted("x")).rest()).isNotEqualTo(a.rest());
  }

  @Test
  void aLastTurnWithAnImageHasNoTextForTheSemanticCache() throws Exception {
    CacheKeys k =
        keys(
            """
            {"model":"m","messages":[{"role":"user","content":[
              {"type":"text","text":"what is this"},
              {"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]}]}
            """);
    assertThat(k.lastUserTurn()).isEmpty();
    CacheKeys parts =
        keys(
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"text\",\"text\":\"b\"}]}]}");
    assertThat(parts.lastUserTurn()).contains("a\nb");
  }
}
