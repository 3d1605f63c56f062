package dev.grounded.gateway.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.Deadline;
import dev.grounded.gateway.chain.RequestMetadata;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessagesRequestTest {
  static final ObjectMapper JSON = new ObjectMapper();

  /** The same JSON with Jackson's default number types, so trees built in code compare equal. */
  static JsonNode reparsed(JsonNode built) {
    try {
      return JSON.readTree(built.toString());
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static JsonNode json(String s) {
    try {
      return JSON.readTree(s.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void aMessagesRequestBecomesTheChatRequestTheChainCarries() {
    ObjectNode chat =
        MessagesRequest.toChat(
            json(
                """
                {'model': 'fast', 'max_tokens': 300, 'temperature': 0.2, 'top_p': 0.9, 'top_k': 5,
                 'system': [{'type': 'text', 'text': 'Be brief.'}, {'type': 'text', 'text': 'Be kind.'}],
                 'stop_sequences': ['END'], 'metadata': {'user_id': 'u-9'}, 'stream': true,
                 'thinking': {'type': 'enabled', 'budget_tokens': 1024},
                 'messages': [
                   {'role': 'user', 'content': [
                     {'type': 'text', 'text': 'What is this?'},
                     {'type': 'image', 'source': {'type': 'base64', 'media_type': 'image/png', 'data': 'AAAA'}},
                     {'type': 'image', 'source': {'type': 'url', 'url': 'https://x.test/a.png'}}]},
                   {'role': 'assistant', 'content': [
                     {'type': 'thinking', 'thinking': 'hm', 'signature': 's'},
                     {'type': 'text', 'text': 'Let me look.'},
                     {'type': 'tool_use', 'id': 'toolu_1', 'name': 'lookup', 'input': {'q': 'png'}}]},
                   {'role': 'user', 'content': [
                     {'type': 'text', 'text': 'Thanks.'},
                     {'type': 'tool_result', 'tool_use_id': 'toolu_1', 'content': [{'type': 'text', 'text': 'a logo'}]},
                     {'type': 'tool_result', 'tool_use_id': 'toolu_2', 'content': 'boom', 'is_error': true}]},
                   {'role': 'assistant', 'content': 'It is a logo.'}],
                 'tools': [{'name': 'lookup', 'description': 'Looks up', 'input_schema': {'type': 'object'}}],
                 'tool_choice': {'type': 'any', 'disable_parallel_tool_use': true}}
                """));
    assertThat(chat)
        .isEqualTo(
            json(
                """
                {'model': 'fast', 'messages': [
                   {'role': 'system', 'content': 'Be brief.\\n\\nBe kind.'},
                   {'role': 'user', 'content': [
                     {'type': 'text', 'text': 'What is this?'},
                     {'type': 'image_url', 'image_url': {'url': 'data:image/png;base64,AAAA'}},
                     {'type': 'image_url', 'image_url': {'url': 'https://x.test/a.png'}}]},
                   {'role': 'assistant', 'content': 'Let me look.', 'tool_calls': [
                     {'id': 'toolu_1', 'type': 'function', 'function': {'name': 'lookup', 'arguments': '{\\'q\\':\\'png\\'}'}}]},
                   {'role': 'tool', 'tool_call_id': 'toolu_1', 'content': 'a logo'},
                   {'role': 'tool', 'tool_call_id': 'toolu_2', 'content': 'Error: boom'},
                   {'role': 'user', 'content': 'Thanks.'},
                   {'role': 'assistant', 'content': 'It is a logo.'}],
                 'max_tokens': 300, 'temperature': 0.2, 'top_p': 0.9, 'stop': ['END'], 'user': 'u-9',
                 'tools': [{'type': 'function', 'function': {'name': 'lookup', 'description': 'Looks up', 'parameters': {'type': 'object'}}}],
                 'tool_choice': 'required', 'parallel_tool_calls': false,
                 'stream': true, 'stream_options': {'include_usage': true}}
                """
                    .replace("\\'", "\\\"")));
    // and the chain accepts it
    ChatRequest request =
        new ChatRequest(
            chat, RequestMetadata.anonymous("r"), Deadline.after(Duration.ofSeconds(1)));
    assertThat(request.stream()).isTrue();
    assertThat(request.maxTokens()).hasValue(300);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "{'type': 'auto'}                | 'auto'",
        "{'type': 'none'}                | 'none'",
        "{'type': 'tool', 'name': 'f'}   | {'type': 'function', 'function': {'name': 'f'}}",
      })
  void toolChoicesMapToOpenAisChoices(String anthropic, String openAi) {
    ObjectNode chat =
        MessagesRequest.toChat(
            json(
                "{'model': 'm', 'max_tokens': 1, 'messages': [{'role': 'user', 'content': 'hi'}],"
                    + " 'tools': [{'name': 'f', 'input_schema': {}}], 'tool_choice': "
                    + anthropic
                    + "}"));
    assertThat(chat.get("tool_choice")).isEqualTo(json(openAi));
    assertThat(chat.has("parallel_tool_calls")).isFalse();
    assertThat(chat.has("stream")).isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "{'messages': [{'role': 'user', 'content': 'hi'}]}                      | max_tokens",
        "{'max_tokens': 0, 'messages': [{'role': 'user', 'content': 'hi'}]}     | max_tokens",
        "{'max_tokens': 5, 'messages': []}                                      | messages",
        "{'max_tokens': 5, 'messages': [{'role': 'system', 'content': 'hi'}]}   | messages.0",
        "{'max_tokens': 5, 'temperature': 1.5, 'messages': [{'role': 'user', 'content': 'hi'}]} | temperature",
        "{'max_tokens': 5, 'messages': [{'role': 'user', 'content': [{'type': 'document', 'source': {}}]}]} | messages.0.content.0",
        "{'max_tokens': 5, 'messages': [{'role': 'user', 'content': [{'type': 'image', 'source': {'type': 'file', 'file_id': 'f'}}]}]} | messages.0.content.0",
        "{'max_tokens': 5, 'messages': [{'role': 'user', 'content': [{'type': 'tool_result', 'tool_use_id': 't', 'content': [{'type': 'image', 'source': {}}]}]}]} | messages.0.content.0",
        "{'max_tokens': 5, 'messages': [{'role': 'assistant', 'content': [{'type': 'tool_use', 'id': 't', 'name': 'f', 'input': 'x'}]}]} | messages.0.content.0",
        "{'max_tokens': 5, 'messages': [{'role': 'user', 'content': 'hi'}], 'tools': [{'type': 'web_search_20250305', 'name': 'web_search'}]} | tools.0",
        "{'max_tokens': 5, 'messages': [{'role': 'user', 'content': 'hi'}], 'tools': [{'name': 'f', 'input_schema': {}}], 'tool_choice': {'type': 'some'}} | tool_choice",
      })
  void whatTheGatewayCannotExpressOrAnthropicWouldRefuseIsAnInvalidRequestNamingTheField(
      String fields, String param) {
    JsonNode body = json(fields);
    ((ObjectNode) body).put("model", "m");
    assertThatThrownBy(() -> MessagesRequest.toChat(body))
        .isInstanceOfSatisfying(
            GroundedException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
              assertThat(e.param()).hasValue(param);
            });
  }
}
