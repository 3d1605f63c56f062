package dev.grounded.gateway.messages;

import static dev.grounded.gateway.messages.MessagesRequestTest.json;
import static dev.grounded.gateway.messages.MessagesRequestTest.reparsed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.ChunkStream;
import dev.grounded.gateway.chain.Deadline;
import dev.grounded.gateway.chain.RequestMetadata;
import dev.grounded.gateway.provider.OpenAiCompatibleProvider;
import dev.grounded.gateway.provider.ProviderConfig;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream.Behaviour;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Streams of a real OpenAI-compatible provider in front of the fake upstream, relayed as
 * Anthropic's events.
 */
@Timeout(20)
class MessagesStreamTest {
  record Event(String name, JsonNode data) {}

  static List<Event> relay(Behaviour behaviour) throws Exception {
    try (FakeOpenAiUpstream upstream = new FakeOpenAiUpstream((n, r) -> behaviour)) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      var provider =
          new OpenAiCompatibleProvider(
              new ProviderConfig("fake", upstream.baseUrl(), "", Duration.ofSeconds(5)),
              http,
              Map.of());
      var body =
          MessagesRequest.toChat(
              json(
                  "{'model': 'm', 'max_tokens': 50, 'stream': true,"
                      + " 'messages': [{'role': 'user', 'content': 'hi'}]}"));
      var request =
          new ChatRequest(
              body, RequestMetadata.anonymous("r"), Deadline.after(Duration.ofSeconds(10)));
      List<Event> events = new ArrayList<>();
      try (ChunkStream chunks = ((ChatResponse.Streaming) provider.chat(request)).chunks()) {
        MessagesStream.relay(
            chunks, "fast", "abc", (name, data) -> events.add(new Event(name, data)));
      }
      return events;
    }
  }

  static List<String> names(List<Event> events) {
    return events.stream().map(Event::name).toList();
  }

  @Test
  void aTextStreamBecomesAnthropicsEventSequenceWithTheUsageAtTheEnd() throws Exception {
    List<Event> events = relay(FakeOpenAiUpstream.answer("Hello big world"));
    assertThat(names(events))
        .containsExactly(
            "message_start",
            "content_block_start",
            "content_block_delta",
            "content_block_delta",
            "content_block_delta",
            "content_block_stop",
            "message_delta",
            "message_stop");
    for (Event e : events) assertThat(e.data().get("type").asText()).isEqualTo(e.name());
    JsonNode start = events.get(0).data().get("message");
    assertThat(start.get("id").asText()).isEqualTo("msg_abc");
    assertThat(start.get("model").asText()).isEqualTo("fast");
    assertThat(start.get("content")).isEmpty();
    assertThat(reparsed(events.get(1).data()))
        .isEqualTo(
            json(
                "{'type': 'content_block_start', 'index': 0,"
                    + " 'content_block': {'type': 'text', 'text': ''}}"));
    StringBuilder text = new StringBuilder();
    for (Event e : events.subList(2, 5)) {
      assertThat(e.data().at("/delta/type").asText()).isEqualTo("text_delta");
      assertThat(e.data().get("index").asInt()).isZero();
      text.append(e.data().at("/delta/text").asText());
    }
    assertThat(text.toString()).isEqualTo("Hello big world");
    assertThat(reparsed(events.get(6).data()))
        .isEqualTo(
            json(
                "{'type': 'message_delta', 'delta': {'stop_reason': 'end_turn', 'stop_sequence':"
                    + " null}, 'usage': {'input_tokens': 10, 'output_tokens': 3}}"));
  }

  @Test
  void aStreamedToolCallBecomesAToolUseBlockWithItsArgumentsAsInputJsonDeltas() throws Exception {
    List<Event> events =
        relay(
            new FakeOpenAiUpstream.ToolCall(
                "Checking.", "call_9", "weather", List.of("{\"city\":", "\"Paris\"}")));
    assertThat(names(events))
        .containsExactly(
            "message_start",
            "content_block_start", // text
            "content_block_delta",
            "content_block_stop",
            "content_block_start", // tool_use
            "content_block_delta",
            "content_block_delta",
            "content_block_stop",
            "message_delta",
            "message_stop");
    assertThat(reparsed(events.get(4).data()))
        .isEqualTo(
            json(
                "{'type': 'content_block_start', 'index': 1, 'content_block': {'type': 'tool_use',"
                    + " 'id': 'call_9', 'name': 'weather', 'input': {}}}"));
    assertThat(events.get(5).data().at("/delta/type").asText()).isEqualTo("input_json_delta");
    assertThat(events.get(5).data().get("index").asInt()).isEqualTo(1);
    assertThat(
            events.get(5).data().at("/delta/partial_json").asText()
                + events.get(6).data().at("/delta/partial_json").asText())
        .isEqualTo("{\"city\":\"Paris\"}");
    assertThat(events.get(7).data().get("index").asInt()).isEqualTo(1);
    assertThat(events.get(8).data().at("/delta/stop_reason").asText()).isEqualTo("tool_use");
  }

  @Test
  void aStreamCutMidWayEndsWithAnErrorEventAndNoMessageStop() throws Exception {
    List<Event> events = relay(new FakeOpenAiUpstream.CutStream(2));
    assertThat(names(events))
        .containsExactly(
            "message_start",
            "content_block_start",
            "content_block_delta",
            "content_block_delta",
            "error");
    JsonNode error = events.getLast().data();
    assertThat(error.get("type").asText()).isEqualTo("error");
    assertThat(error.at("/error/type").asText()).isEqualTo("api_error");
    assertThat(error.at("/error/message").asText()).isNotBlank();
  }
}
