package dev.grounded.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /v1/chat/completions} against {@code rag:<collection>}: shapes, options and errors. */
class ChatCompletionsTest {
  static final String TEXT =
      "The Aurora 7 kettle boils a litre of water in ninety seconds. "
          + "Its base is made of brushed steel. The warranty lasts three years from the date of purchase.";
  static TestServer server;

  @BeforeAll
  static void start() {
    server = new TestServer(TestServer.temp("grounded-chat"));
    server.seed(null, "kettle", "kettle.txt", TEXT);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String chat(String question, String extra) {
    return "{\"model\":\"rag:kettle\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
        + "{\"role\":\"user\",\"content\":\""
        + question
        + "\"}]"
        + extra
        + "}";
  }

  @Test
  void answersTheLastUserMessageWithMarkersAndCitationsOnTheMessage() {
    TestServer.Reply r =
        server.post("/v1/chat/completions", null, chat("How long is the warranty?", ""));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode c = r.json();
    assertThat(c.get("object").asText()).isEqualTo("chat.completion");
    assertThat(c.get("id").asText()).startsWith("chatcmpl-");
    JsonNode message = c.get("choices").get(0).get("message");
    assertThat(message.get("role").asText()).isEqualTo("assistant");
    assertThat(message.get("content").asText()).contains("three years").contains("[1]");
    JsonNode cite = message.get("grounded").get("citations").get(0);
    assertThat(TEXT).contains(cite.get("quote").asText());
    assertThat(cite.get("document_id").asText()).isEqualTo("kettle.txt");
    assertThat(c.get("choices").get(0).get("finish_reason").asText()).isEqualTo("stop");
    JsonNode usage = c.get("usage");
    assertThat(usage.get("prompt_tokens").asInt()).isPositive();
    assertThat(usage.get("total_tokens").asInt())
        .isEqualTo(usage.get("prompt_tokens").asInt() + usage.get("completion_tokens").asInt());
  }

  @Test
  void streamsChunksThenUsageThenCitationsThenDone() {
    TestServer.Reply r =
        server.post(
            "/v1/chat/completions",
            null,
            chat(
                "What is the base made of?",
                ",\"stream\":true,\"stream_options\":{\"include_usage\":true}"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("text/event-stream");
    List<String> events = new ArrayList<>();
    for (String block : r.body().split("\n\n"))
      if (block.startsWith("data: ")) events.add(block.substring(6));
    assertThat(events.getLast()).isEqualTo("[DONE]");
    StringBuilder content = new StringBuilder();
    JsonNode usage = null;
    JsonNode grounded = null;
    String finish = null;
    for (String e : events.subList(0, events.size() - 1)) {
      JsonNode chunk = new TestServer.Reply(200, e, "").json();
      assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
      if (chunk.has("grounded")) grounded = chunk.get("grounded");
      if (chunk.hasNonNull("usage")) usage = chunk.get("usage");
      for (JsonNode choice : chunk.get("choices")) {
        JsonNode delta = choice.get("delta");
        if (delta.has("content")) content.append(delta.get("content").asText());
        if (!choice.get("finish_reason").isNull()) finish = choice.get("finish_reason").asText();
      }
    }
    assertThat(content.toString()).contains("brushed steel").contains("[1]");
    assertThat(finish).isEqualTo("stop");
    assertThat(usage.get("completion_tokens").asInt()).isPositive();
    assertThat(grounded.get("citations")).isNotEmpty();
    JsonNode last = new TestServer.Reply(200, events.get(events.size() - 2), "").json();
    assertThat(last.has("grounded")).as("citations come last before [DONE]").isTrue();
  }

  @Test
  void honoursNMaxTokensStopAndJsonResponseFormat() {
    JsonNode two =
        server
            .post("/v1/chat/completions", null, chat("How long is the warranty?", ",\"n\":2"))
            .json();
    assertThat(two.get("choices")).hasSize(2);
    assertThat(two.get("choices").get(1).get("index").asInt()).isEqualTo(1);

    JsonNode cut =
        server
            .post(
                "/v1/chat/completions",
                null,
                chat("How long is the warranty?", ",\"max_tokens\":3"))
            .json();
    assertThat(cut.get("choices").get(0).get("finish_reason").asText()).isEqualTo("length");
    assertThat(cut.get("usage").get("completion_tokens").asInt()).isLessThanOrEqualTo(3);

    JsonNode stopped =
        server
            .post(
                "/v1/chat/completions",
                null,
                chat("How long is the warranty?", ",\"stop\":[\"three\"]"))
            .json();
    assertThat(stopped.get("choices").get(0).get("message").get("content").asText())
        .doesNotContain("three");

    JsonNode json =
        server
            .post(
                "/v1/chat/completions",
                null,
                chat(
                    "How long is the warranty?", ",\"response_format\":{\"type\":\"json_object\"}"))
            .json();
    JsonNode parsed =
        new TestServer.Reply(
                200, json.get("choices").get(0).get("message").get("content").asText(), "")
            .json();
    assertThat(parsed.get("answer").asText()).contains("three years");
    assertThat(parsed.get("citations")).isNotEmpty();
  }

  @Test
  void abstainsWhenTheCollectionDoesNotAnswer() {
    JsonNode r =
        server
            .post("/v1/chat/completions", null, chat("Who won the 1998 football world cup?", ""))
            .json();
    JsonNode message = r.get("choices").get(0).get("message");
    assertThat(message.get("grounded").get("abstained").asBoolean()).isTrue();
    assertThat(message.get("grounded").get("citations")).isEmpty();
  }

  @Test
  void invalidRequestsNameTheirParam() {
    assertParam(
        server.post("/v1/chat/completions", null, "{\"model\":\"rag:kettle\"}"), 400, "messages");
    assertParam(server.post("/v1/chat/completions", null, chat("q", ",\"n\":0")), 400, "n");
    assertParam(
        server.post("/v1/chat/completions", null, chat("q", ",\"temperature\":3")),
        400,
        "temperature");
    assertParam(server.post("/v1/chat/completions", null, chat("q", ",\"stop\":7")), 400, "stop");
    assertParam(
        server.post(
            "/v1/chat/completions",
            null,
            chat("q", ",\"response_format\":{\"type\":\"json_schema\"}")),
        400,
        "response_format.type");
    assertParam(
        server.post(
            "/v1/chat/completions",
            null,
            chat("q", ",\"stream_options\":{\"include_usage\":true}")),
        400,
        "stream_options");
    assertParam(
        server.post(
            "/v1/chat/completions",
            null,
            "{\"model\":\"rag:nope\",\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]}"),
        404,
        "model");
    assertParam(
        server.post(
            "/v1/chat/completions",
            null,
            "{\"model\":\"rag:kettle\",\"messages\":[{\"role\":\"wizard\",\"content\":\"q\"}]}"),
        400,
        "messages[0].role");
  }

  @Test
  void embeddingsComeAsFloatsOrLittleEndianBase64AndMatchTheModel() {
    JsonNode floats =
        server
            .post(
                "/v1/embeddings",
                null,
                "{\"model\":\"bge-small-en-v1.5\",\"input\":[\"kettle\",\"steel base\"]}")
            .json();
    assertThat(floats.get("data")).hasSize(2);
    assertThat(floats.get("data").get(0).get("embedding")).hasSize(384);
    JsonNode b64 =
        server
            .post(
                "/v1/embeddings",
                null,
                "{\"model\":\"bge-small-en-v1.5\",\"input\":\"kettle\",\"encoding_format\":\"base64\"}")
            .json();
    byte[] bytes =
        java.util.Base64.getDecoder().decode(b64.get("data").get(0).get("embedding").asText());
    java.nio.FloatBuffer fb =
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    float[] expected = TestServer.embedder().embed(List.of("kettle")).getFirst();
    assertThat(fb.remaining()).isEqualTo(384);
    for (int i = 0; i < 384; i++) assertThat(fb.get(i)).isEqualTo(expected[i]);
    assertParam(
        server.post("/v1/embeddings", null, "{\"model\":\"bge-small-en-v1.5\",\"input\":[1,2,3]}"),
        400,
        "input");
    assertParam(
        server.post("/v1/embeddings", null, "{\"model\":\"bge-small-en-v1.5\",\"input\":\"\"}"),
        400,
        "input");
    assertParam(
        server.post(
            "/v1/embeddings", null, "{\"model\":\"text-embedding-3-small\",\"input\":\"x\"}"),
        404,
        "model");
    assertParam(
        server.post(
            "/v1/embeddings",
            null,
            "{\"model\":\"bge-small-en-v1.5\",\"input\":\"x\",\"dimensions\":256}"),
        400,
        "dimensions");
  }

  @Test
  void theAskApiStreamsDeltasThenCitationsThenDone() {
    TestServer.Reply r =
        server.post(
            "/api/collections/kettle/ask",
            null,
            "{\"question\":\"How fast does it boil water?\",\"stream\":true}");
    assertThat(r.contentType()).startsWith("text/event-stream");
    List<String> names = new ArrayList<>();
    for (String block : r.body().split("\n\n"))
      if (block.startsWith("event: ")) names.add(block.substring(7, block.indexOf('\n')));
    assertThat(names.getFirst()).isEqualTo("delta");
    assertThat(names.subList(names.size() - 2, names.size())).containsExactly("citations", "done");
    assertThat(r.body()).contains("ninety");
  }

  private static void assertParam(TestServer.Reply r, int status, String param) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.error().get("param").asText()).isEqualTo(param);
  }
}
