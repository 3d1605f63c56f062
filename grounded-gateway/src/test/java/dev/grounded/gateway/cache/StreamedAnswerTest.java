package dev.grounded.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamedAnswerTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static final List<String> TOOL_STREAM =
      List.of(
          """
          {"id":"c1","object":"chat.completion.chunk","created":7,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}]}""",
          """
          {"id":"c1","object":"chat.completion.chunk","created":7,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"city\\":"}}]},"finish_reason":null}]}""",
          """
          {"id":"c1","object":"chat.completion.chunk","created":7,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\\"Paris\\"}"}}]},"finish_reason":null}]}""",
          """
          {"id":"c1","object":"chat.completion.chunk","created":7,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}""",
          """
          {"id":"c1","object":"chat.completion.chunk","created":7,"model":"m","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}""");

  @Test
  void toolCallArgumentsAreConcatenatedIntoTheCompletion() throws Exception {
    ObjectNode c = StreamedAnswer.assemble(TOOL_STREAM).orElseThrow();
    assertThat(c.get("object").asText()).isEqualTo("chat.completion");
    assertThat(c.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    assertThat(c.at("/choices/0/message/content").isNull()).isTrue();
    assertThat(c.at("/choices/0/message/tool_calls/0/id").asText()).isEqualTo("call_1");
    assertThat(c.at("/choices/0/message/tool_calls/0/function/name").asText())
        .isEqualTo("get_weather");
    assertThat(c.at("/choices/0/message/tool_calls/0/function/arguments").asText())
        .isEqualTo("{\"city\":\"Paris\"}");
    assertThat(c.at("/usage/total_tokens").asInt()).isEqualTo(8);
  }

  @Test
  void aCompletionStreamedBackAssemblesToItself() {
    ObjectNode c = StreamedAnswer.assemble(TOOL_STREAM).orElseThrow();
    assertThat(StreamedAnswer.assemble(StreamedAnswer.chunks(c, true))).contains(c);
  }

  @Test
  void chunksWithoutAFinishReasonOrUnparseableAreNoAnswer() {
    assertThat(StreamedAnswer.assemble(TOOL_STREAM.subList(0, 3))).isEmpty();
    assertThat(StreamedAnswer.assemble(List.of("{\"choices\": ["))).isEmpty();
    assertThat(StreamedAnswer.assemble(List.of())).isEmpty();
  }
}
