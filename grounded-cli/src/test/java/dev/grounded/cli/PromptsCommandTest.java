package dev.grounded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code grounded prompts} and {@code grounded aliases} on a data directory: versions, labels,
 * diff, errors as one line, and a rollback by the CLI that a running {@code grounded serve} follows
 * on its next request.
 */
class PromptsCommandTest {
  @TempDir Path tmp;
  String data;

  @BeforeEach
  void dataDir() {
    data = tmp.resolve("data").toString();
  }

  private Cli ok(String... args) {
    Cli r = Cli.run(args);
    assertThat(r.exit()).as(r.err()).isZero();
    return r;
  }

  private static void assertOneLineError(Cli r, String... fragments) {
    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    assertThat(r.errLines()).as(r.err()).hasSize(1);
    assertThat(r.errLines().getFirst()).startsWith("grounded: ").contains(fragments);
  }

  @Test
  void createListShowDiffLabelAndRollbackAPrompt() throws Exception {
    assertThat(
            ok(
                    "prompts",
                    "create",
                    "greet",
                    "--data",
                    data,
                    "--system",
                    "Be brief.",
                    "--text",
                    "Hi {{name}}",
                    "--model",
                    "fast",
                    "--param",
                    "temperature=0.2")
                .out())
        .contains("created greet@1", "production=1");
    ok(
        "prompts",
        "create",
        "greet",
        "--data",
        data,
        "--system",
        "Be warm.\nAnd brief.",
        "--text",
        "Hi {{name}}",
        "--note",
        "warmer",
        "--label",
        "staging");

    assertThat(ok("prompts", "list", "--data", data).out())
        .contains("greet  latest 2  production=1, staging=2")
        .contains("grounded.answer  latest 1  production=1");
    assertThat(ok("prompts", "show", "greet", "--data", data).out())
        .contains("greet  production=1, staging=2")
        .contains("  2  ")
        .contains("warmer");
    JsonNode v1 =
        Json.MAPPER.readTree(
            ok("prompts", "show", "greet", "--data", data, "--version", "1", "--json").out());
    assertThat(v1.at("/definition/config/temperature").asDouble()).isEqualTo(0.2);
    assertThat(v1.get("variables").toString()).isEqualTo("[\"name\"]");
    assertThat(ok("prompts", "diff", "greet", "--data", data).out())
        .contains("--- greet@1", "+++ greet@2", "-     \"content\" : \"Be brief.\",")
        .contains(
            "+     \"content\" : \"Be warm.", "+ And brief.\",", "-     \"model\" : \"fast\"");

    assertThat(
            ok("prompts", "label", "greet", "production", "1", "--split", "2:10", "--data", data)
                .out())
        .contains("production -> 1 (10% -> 2)");
    assertThat(ok("prompts", "rollback", "greet", "--data", data).out())
        .contains("production -> 1")
        .doesNotContain("%");
    assertOneLineError(
        Cli.run("prompts", "rollback", "greet", "--data", data), "no earlier version");
  }

  @Test
  void mistakesAreOneLineErrors() {
    assertOneLineError(Cli.run("prompts", "show", "nope", "--data", data), "no prompt 'nope'");
    assertOneLineError(
        Cli.run("prompts", "create", "x y", "--data", data, "--text", "t"), "invalid name");
    ok("prompts", "create", "p", "--data", data, "--text", "t");
    assertOneLineError(
        Cli.run("prompts", "label", "p", "production", "3", "--data", data), "has no version 3");
    assertOneLineError(
        Cli.run("prompts", "label", "p", "latest", "1", "--data", data), "cannot be set");
    assertOneLineError(
        Cli.run("prompts", "label", "p", "canary", "1", "--split", "1:150", "--data", data),
        "from 1 to 99");
    assertOneLineError(
        Cli.run("prompts", "create", "grounded.answer", "--data", data, "--text", "{{question}}"),
        "must use {{sources}}");
    // another tenant has none of the default tenant's prompts
    assertOneLineError(
        Cli.run("prompts", "show", "p", "--tenant", "acme", "--data", data), "no prompt 'p'");
  }

  @Test
  void aRollbackByTheCliIsWhatARunningServerServesNext() throws Exception {
    try (FakeOpenAiUpstream a = echo();
        FakeOpenAiUpstream b = echo()) {
      Path config = tmp.resolve("conf/grounded.yaml");
      Files.createDirectories(config.getParent());
      Files.writeString(
          config,
          "providers:\n  a:\n    base_url: "
              + a.baseUrl()
              + "\n  b:\n    base_url: "
              + b.baseUrl()
              + "\nmodels:\n  fast:\n    provider: a\n    model: m-a\n");
      ok(
          "prompts",
          "create",
          "greet",
          "--data",
          data,
          "--system",
          "old",
          "--text",
          "{{q}}",
          "--model",
          "fast");
      TestServe served = TestServe.start(config, data, tmp.resolve("access.log"));
      try {
        String prompt = "{\"prompt\":{\"name\":\"greet\",\"variables\":{\"q\":\"hi\"}}}";
        assertThat(chat(served, prompt).headers().firstValue("x-grounded-prompt"))
            .contains("greet@1");

        ok(
            "prompts",
            "create",
            "greet",
            "--data",
            data,
            "--system",
            "new",
            "--text",
            "{{q}}",
            "--model",
            "fast",
            "--label",
            "production");
        HttpResponse<String> now = chat(served, prompt);
        assertThat(now.headers().firstValue("x-grounded-prompt")).contains("greet@2");
        assertThat(now.body()).contains("system: new");

        ok("prompts", "rollback", "greet", "--data", data);
        HttpResponse<String> back = chat(served, prompt);
        assertThat(back.headers().firstValue("x-grounded-prompt")).contains("greet@1");
        assertThat(back.body()).contains("system: old");

        // an alias version sends fast to provider b until rolled back
        String plain = "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
        assertOneLineError(
            Cli.run(
                "aliases",
                "create",
                "fast",
                "--config",
                config.toString(),
                "--data",
                data,
                "--target",
                "zz/m"),
            "provider 'zz' is not configured");
        ok(
            "aliases",
            "create",
            "fast",
            "--config",
            config.toString(),
            "--data",
            data,
            "--target",
            "b/m-b",
            "--label",
            "production");
        HttpResponse<String> routed = chat(served, plain);
        assertThat(routed.body()).contains("m-b |");
        assertThat(routed.headers().firstValue("x-grounded-model-version")).contains("fast@1");
        assertThat(ok("aliases", "rollback", "fast", "--data", data).out())
            .contains("production removed");
        assertThat(chat(served, plain).body()).contains("m-a |");
      } finally {
        served.running().stop();
      }
    }
  }

  private static FakeOpenAiUpstream echo() throws Exception {
    return new FakeOpenAiUpstream(
        (n, request) -> {
          StringBuilder s = new StringBuilder(request.path("model").asText());
          for (JsonNode m : request.path("messages"))
            s.append(" | ")
                .append(m.path("role").asText())
                .append(": ")
                .append(m.path("content").asText());
          return FakeOpenAiUpstream.answer(s.toString());
        });
  }

  private static HttpResponse<String> chat(TestServe served, String body) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(served.url() + "/v1/chat/completions"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r;
  }
}
