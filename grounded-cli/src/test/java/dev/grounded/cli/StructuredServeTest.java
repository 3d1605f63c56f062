package dev.grounded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.gateway.upstream.FakeJsonModel;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} checks {@code response_format} replies on {@code /v1/chat/completions}: a fenced
 * reply comes back repaired, a reply no repair fixes is asked again, a bad schema is a 400 before
 * any upstream call, and a model that never complies ends in OpenAI's error shape.
 */
class StructuredServeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VALID = "{\"name\":\"Ada\",\"age\":36,\"tags\":[],\"active\":true}";

  @TempDir Path tmp;

  @Test
  void serveRepairsReasksAndRefusesStructuredOutputOverHttp() throws Exception {
    try (FakeOpenAiUpstream fake =
        new FakeOpenAiUpstream(
            FakeOpenAiUpstream.sequence(
                FakeOpenAiUpstream.answer("```json\n" + VALID + "\n```"), // 1: repaired
                FakeOpenAiUpstream.answer("{\"name\": \"Ada\"}"), // 2: missing fields, re-asked
                FakeOpenAiUpstream.answer(VALID), // 3: the re-ask's answer
                FakeOpenAiUpstream.answer("I cannot do that.")))) { // 4+: never JSON
      Path config = tmp.resolve("conf/grounded.yaml");
      Files.createDirectories(config.getParent());
      Files.writeString(
          config,
          "providers:\n  f:\n    base_url: "
              + fake.baseUrl()
              + "\nmodels:\n  small:\n    provider: f\n    model: m-small\n");
      TestServe served =
          TestServe.start(config, tmp.resolve("data").toString(), tmp.resolve("access.log"));
      try {
        HttpResponse<String> r = post(served, FakeJsonModel.SCHEMA);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).at("/choices/0/message/content").asText())
            .isEqualTo(VALID);

        r = post(served, FakeJsonModel.SCHEMA);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).at("/choices/0/message/content").asText())
            .isEqualTo(VALID);
        assertThat(fake.count()).isEqualTo(3);
        assertThat(fake.requests.get(2).at("/messages/2/content").asText())
            .contains("required property 'age' not found");

        r = post(served, "{\"type\": \"objekt\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("invalid_request");
        assertThat(error.path("param").asText()).isEqualTo("response_format.json_schema.schema");
        assertThat(error.path("message").asText()).contains("/type");
        assertThat(fake.count()).isEqualTo(3);

        r = post(served, FakeJsonModel.SCHEMA);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
        error = JSON.readTree(r.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("upstream_error");
        assertThat(error.path("message").asText())
            .contains("after 3 attempts")
            .contains("not JSON");
        assertThat(fake.count()).isEqualTo(6);
      } finally {
        served.running().stop();
      }
    }
  }

  @Test
  void aStreamingClientGetsTheCheckedAnswerAsServerSentEvents() throws Exception {
    try (FakeOpenAiUpstream fake =
        new FakeOpenAiUpstream(
            FakeOpenAiUpstream.sequence(
                FakeOpenAiUpstream.answer("Here it is: " + VALID.replace("\"", "'"))))) {
      Path config = tmp.resolve("conf/grounded.yaml");
      Files.createDirectories(config.getParent());
      Files.writeString(
          config,
          "providers:\n  f:\n    base_url: "
              + fake.baseUrl()
              + "\nmodels:\n  small:\n    provider: f\n    model: m-small\n");
      TestServe served =
          TestServe.start(config, tmp.resolve("data").toString(), tmp.resolve("access.log"));
      try {
        ObjectNode body = request(FakeJsonModel.SCHEMA).put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        HttpResponse<String> r = send(served, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("text/event-stream");
        List<String> data =
            r.body().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
        assertThat(data.getLast()).isEqualTo("[DONE]");
        // the checked answer, whole (the guard stage holds its last characters back until the
        // finishing chunk, so it may arrive in two pieces)
        StringBuilder content = new StringBuilder();
        String finish = "";
        for (String d : data.subList(0, data.size() - 1)) {
          content.append(JSON.readTree(d).at("/choices/0/delta/content").asText(""));
          finish = JSON.readTree(d).at("/choices/0/finish_reason").asText(finish);
        }
        assertThat(content.toString()).isEqualTo(VALID);
        assertThat(finish).isEqualTo("stop");
        assertThat(JSON.readTree(data.get(0)).path("model").asText()).isEqualTo("small");
        assertThat(JSON.readTree(data.get(data.size() - 2)).at("/usage/total_tokens").asLong())
            .isPositive();
        assertThat(fake.requests.getFirst().path("stream").asBoolean()).isFalse();
      } finally {
        served.running().stop();
      }
    }
  }

  private static ObjectNode request(String schema) throws Exception {
    ObjectNode body = JSON.createObjectNode().put("model", "small");
    body.putArray("messages").addObject().put("role", "user").put("content", "A person, please.");
    ObjectNode format = body.putObject("response_format").put("type", "json_schema");
    format.putObject("json_schema").put("name", "person").set("schema", JSON.readTree(schema));
    return body;
  }

  private static HttpResponse<String> post(TestServe served, String schema) throws Exception {
    return send(served, request(schema));
  }

  private static HttpResponse<String> send(TestServe served, ObjectNode body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(served.url() + "/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
