package dev.grounded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.grounded.eval.gate.ReportSchema;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCalibrateTest {
  @TempDir Path tmp;

  /**
   * A local stand-in for a paid judge model, speaking the chat completions wire format: it grades
   * an answer 3 when it contains "because", 2 when it is longer than four words, else 1.
   */
  static HttpServer fakeJudge() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v1/chat/completions",
        exchange -> {
          JsonNode req = Json.MAPPER.readTree(exchange.getRequestBody().readAllBytes());
          JsonNode messages = req.path("messages");
          String item = messages.get(messages.size() - 1).path("content").asText();
          String answer = item.substring(item.indexOf("### answer") + 10).strip();
          int label = answer.contains("because") ? 3 : answer.split("\\s+").length > 4 ? 2 : 1;
          ObjectNode body = Json.MAPPER.createObjectNode();
          body.put("id", "chatcmpl-1").put("object", "chat.completion").put("created", 0);
          body.put("model", req.path("model").asText());
          ObjectNode choice = body.putArray("choices").addObject();
          choice.put("index", 0).put("finish_reason", "stop");
          choice
              .putObject("message")
              .put("role", "assistant")
              .put("content", "{\"label\": " + label + ", \"reason\": \"rule\"}");
          byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    return server;
  }

  @Test
  void calibratesAJudgeAgainstHumanLabelsAndSaysWhetherItCanGate() throws Exception {
    Path rubric =
        Files.writeString(
            tmp.resolve("helpful.yaml"),
            """
            name: helpfulness
            criteria: [The answer explains itself.]
            scale: [1, 2, 3]
            fields: [question, answer]
            min_kappa: 0.5
            """);
    // judge labels by its rule: 3, 3, 2, 1, 1, 2 ; humans: 3, 3, 2, 1, 2, 2 -> 5 of 6 agree
    Path labels =
        Files.writeString(
            tmp.resolve("labels.jsonl"),
            String.join(
                "\n",
                "{\"id\":\"a\",\"question\":\"q\",\"answer\":\"It floats because wood is light.\",\"label\":3}",
                "{\"id\":\"b\",\"question\":\"q\",\"answer\":\"Ice floats because it is less dense.\",\"label\":3}",
                "{\"id\":\"c\",\"question\":\"q\",\"answer\":\"Ice is less dense than water.\",\"label\":2}",
                "{\"id\":\"d\",\"question\":\"q\",\"answer\":\"Ice floats.\",\"label\":1}",
                "{\"id\":\"e\",\"question\":\"q\",\"answer\":\"It floats.\",\"label\":2}",
                "{\"id\":\"f\",\"question\":\"q\",\"answer\":\"Density is lower in ice than water.\",\"label\":2}"));
    HttpServer judge = fakeJudge();
    try {
      String base = "http://127.0.0.1:" + judge.getAddress().getPort() + "/v1";
      Path out = tmp.resolve("cal.json");
      Cli r =
          Cli.run(
              "eval",
              "calibrate",
              "--judge",
              rubric.toString(),
              "--labels",
              labels.toString(),
              "--base-url",
              base,
              "--model",
              "judge-1",
              "--repeats",
              "2",
              "--json",
              out.toString());
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out()).contains("agreement 0.833").contains("usable for gating: yes");
      JsonNode cal = Json.MAPPER.readTree(out.toFile());
      assertThat(ReportSchema.violations(cal)).as("report schema").isEmpty();
      assertThat(cal.get("metrics").get("repeat_consistency").asDouble()).isEqualTo(1.0);
      assertThat(cal.get("usable_for_gating").asBoolean()).isTrue();
      assertThat(cal.get("weights").asText()).isEqualTo("quadratic");

      // the calibrated judge grades answers in 'eval answers', and its metric can then gate
      Path qa =
          Files.writeString(
              tmp.resolve("qa.jsonl"),
              "{\"id\":\"1\",\"question\":\"Why does ice float?\",\"answers\":[\"less dense\"],"
                  + "\"context\":\"Ice floats because it is less dense than liquid water.\"}\n");
      Path answers = tmp.resolve("answers.json");
      Cli a =
          Cli.run(
              "eval",
              "answers",
              "--data",
              tmp.resolve("data").toString(),
              "--dataset",
              qa.toString(),
              "--judge",
              rubric.toString(),
              "--judge-model",
              "judge-1",
              "--judge-base-url",
              base,
              "--judge-calibration",
              out.toString(),
              "--json",
              answers.toString());
      assertThat(a.exit()).as(a.err()).isZero();
      JsonNode report = Json.MAPPER.readTree(answers.toFile());
      assertThat(ReportSchema.violations(report)).as("report schema").isEmpty();
      assertThat(report.get("metrics").get("judge.helpfulness").asDouble()).isEqualTo(1.0);
      assertThat(report.at("/judges/judge.helpfulness/calibration/usable_for_gating").asBoolean())
          .isTrue();
      Cli gate =
          Cli.run(
              "eval",
              "gate",
              "--baseline",
              answers.toString(),
              "--current",
              answers.toString(),
              "--max-drop",
              "judge.helpfulness=0.1");
      assertThat(gate.exit()).as(gate.out() + gate.err()).isZero();

      Path bad =
          Files.writeString(
              tmp.resolve("bad.jsonl"),
              "{\"id\":\"a\",\"question\":\"q\",\"answer\":\"x\",\"label\":9}\n");
      Cli e =
          Cli.run(
              "eval",
              "calibrate",
              "--judge",
              rubric.toString(),
              "--labels",
              bad.toString(),
              "--base-url",
              base,
              "--model",
              "judge-1");
      assertThat(e.exit()).isNotZero();
      assertThat(e.errLines())
          .singleElement()
          .asString()
          .contains("bad.jsonl:1")
          .contains("not on the scale");
    } finally {
      judge.stop(0);
    }
  }
}
