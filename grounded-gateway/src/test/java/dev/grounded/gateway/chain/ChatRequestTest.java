package dev.grounded.gateway.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.GroundedException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChatRequestTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static ObjectNode valid() {
    ObjectNode body = JSON.createObjectNode().put("model", "m");
    body.putArray("messages").addObject().put("role", "user").put("content", "hi");
    return body;
  }

  static ChatRequest of(ObjectNode body) {
    return new ChatRequest(
        body, RequestMetadata.anonymous("r"), Deadline.after(Duration.ofSeconds(1)));
  }

  @Test
  void everyInvalidFieldIsRejectedNamingIt() throws Exception {
    String[][] cases = {
      {"model", "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"},
      {"messages", "{\"model\":\"m\",\"messages\":[]}"},
      {"messages", "{\"model\":\"m\",\"messages\":[\"hi\"]}"},
      {"temperature", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}],\"temperature\":3}"},
      {"max_tokens", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}],\"max_tokens\":0}"},
      {"max_tokens", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}],\"max_tokens\":1.5}"},
      {"stream", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}],\"stream\":\"yes\"}"},
      {"tools", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}],\"tools\":{}}"},
      {
        "response_format",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}],\"response_format\":1}"
      },
    };
    for (String[] c : cases) {
      ObjectNode body = (ObjectNode) JSON.readTree(c[1]);
      assertThatThrownBy(() -> of(body))
          .as(c[1])
          .isInstanceOfSatisfying(
              GroundedException.class, e -> assertThat(e.param()).contains(c[0]));
    }
  }

  @Test
  void theBodyIsCopiedInAndOutSoTheRequestCannotChange() {
    ObjectNode body = valid();
    ChatRequest r = of(body);
    body.put("model", "changed-after");
    r.body().put("model", "changed-through-accessor");
    ((ObjectNode) r.messages().get(0)).put("content", "changed");
    assertThat(r.model()).isEqualTo("m");
    assertThat(r.body().at("/messages/0/content").asText()).isEqualTo("hi");
  }

  @Test
  void copiesMadeAlongTheChainStayIndependentAndHandOutPlainCopies() {
    ChatRequest r = of(valid());
    ChatRequest routed =
        r.withTargets(java.util.List.of()).withDeadline(Deadline.after(Duration.ofSeconds(2)));
    ChatRequest renamed = routed.withModel("upstream-m");
    routed.body().put("model", "changed-through-accessor");
    assertThat(r.model()).isEqualTo("m");
    assertThat(routed.model()).isEqualTo("m");
    assertThat(renamed.model()).isEqualTo("upstream-m");
    assertThat(renamed.json()).isEqualTo(renamed.body().toString()).contains("upstream-m");
    assertThat(r.body().getClass()).isEqualTo(ObjectNode.class);
    assertThat(r.body()).isEqualTo(valid());
  }

  @Test
  void aCompletionUnderAnotherModelNameLeavesTheOriginalAlone() {
    ObjectNode body = JSON.createObjectNode().put("model", "upstream-m");
    body.putArray("choices").addObject().put("index", 0);
    ChatResponse.Completion c = new ChatResponse.Completion(body, new Usage(3, 5));
    ChatResponse.Completion renamed = c.withModel("fast");
    body.put("model", "changed-after");
    assertThat(c.body().get("model").asText()).isEqualTo("upstream-m");
    assertThat(renamed.json()).isEqualTo("{\"model\":\"fast\",\"choices\":[{\"index\":0}]}");
    assertThat(renamed.usage()).isEqualTo(new Usage(3, 5));
    assertThat(c.body().getClass()).isEqualTo(ObjectNode.class);
  }

  @Test
  void theOpenAiFieldsAreReadFromTheJson() throws Exception {
    ObjectNode body =
        (ObjectNode)
            JSON.readTree(
                """
                {"model":"m","stream":true,"temperature":0.2,"max_completion_tokens":9,
                 "messages":[{"role":"user","content":[{"type":"text","text":"hi"}]},
                   {"role":"assistant","tool_calls":[{"id":"c1","type":"function",
                     "function":{"name":"f","arguments":"{}"}}]}],
                 "tools":[{"type":"function","function":{"name":"f"}}],
                 "response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{}}}}
                """);
    ChatRequest r = of(body);
    assertThat(r.stream()).isTrue();
    assertThat(r.temperature()).hasValue(0.2);
    assertThat(r.maxTokens()).hasValue(9);
    assertThat(r.tools()).isPresent();
    assertThat(r.responseFormat().orElseThrow().path("type").asText()).isEqualTo("json_schema");
    assertThat(r.messages().at("/1/tool_calls/0/function/name").asText()).isEqualTo("f");
    assertThat(r.body()).isEqualTo(body);
    assertThat(of(valid()).stream()).isFalse();
    assertThat(of(valid()).maxTokens()).isEmpty();
  }
}
