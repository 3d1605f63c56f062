package dev.grounded.gateway.messages;

import static dev.grounded.gateway.messages.MessagesRequestTest.json;
import static dev.grounded.gateway.messages.MessagesRequestTest.reparsed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessagesReplyTest {

  @Test
  void aCompletionWithTextAndToolCallsBecomesAMessageWithTextAndToolUseBlocks() {
    var message =
        MessagesReply.message(
            json(
                """
                {'id': 'chatcmpl-7', 'object': 'chat.completion', 'model': 'gpt-x',
                 'choices': [{'index': 0, 'finish_reason': 'tool_calls', 'message': {
                   'role': 'assistant', 'content': 'Looking.', 'tool_calls': [
                     {'id': 'call_1', 'type': 'function', 'function': {'name': 'lookup', 'arguments': '{}'}},
                     {'id': 'call_2', 'type': 'function', 'function': {'name': 'weather', 'arguments': ''}}]}}],
                 'usage': {'prompt_tokens': 12, 'completion_tokens': 7, 'total_tokens': 19}}
                """),
            "fast");
    assertThat(reparsed(message))
        .isEqualTo(
            json(
                """
                {'id': 'msg_chatcmpl-7', 'type': 'message', 'role': 'assistant', 'model': 'fast',
                 'content': [{'type': 'text', 'text': 'Looking.'},
                   {'type': 'tool_use', 'id': 'call_1', 'name': 'lookup', 'input': {}},
                   {'type': 'tool_use', 'id': 'call_2', 'name': 'weather', 'input': {}}],
                 'stop_reason': 'tool_use', 'stop_sequence': null,
                 'usage': {'input_tokens': 12, 'output_tokens': 7}}
                """));
  }

  @ParameterizedTest
  @CsvSource({
    "stop, end_turn",
    "length, max_tokens",
    "tool_calls, tool_use",
    "content_filter, refusal"
  })
  void finishReasonsMapToStopReasons(String finish, String stop) {
    var message =
        MessagesReply.message(
            json(
                "{'choices': [{'finish_reason': '"
                    + finish
                    + "', 'message': {'role': 'assistant', 'content': 'x'}}]}"),
            "m");
    assertThat(message.get("stop_reason").asText()).isEqualTo(stop);
    assertThat(message.at("/usage/input_tokens").asInt()).isZero();
  }

  @Test
  void aRefusalIsATextBlockWithStopReasonRefusal() {
    var message =
        MessagesReply.message(
            json(
                "{'choices': [{'finish_reason': 'stop', 'message': {'role': 'assistant',"
                    + " 'content': null, 'refusal': 'I cannot help with that.'}}]}"),
            "m");
    assertThat(message.at("/content/0/text").asText()).isEqualTo("I cannot help with that.");
    assertThat(message.get("stop_reason").asText()).isEqualTo("refusal");
  }

  @Test
  void toolArgumentsThatAreNotAJsonObjectAreAnUpstreamError() {
    assertThatThrownBy(
            () ->
                MessagesReply.message(
                    json(
                        "{'choices': [{'finish_reason': 'tool_calls', 'message': {'tool_calls':"
                            + " [{'id': 'c', 'function': {'name': 'f', 'arguments': '[1'}}]}}]}"),
                    "m"))
        .isInstanceOfSatisfying(
            GroundedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR));
  }
}
