package dev.grounded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.chain.Target;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** providers, models and gateway settings in grounded.yaml, and serve answering an alias. */
class GatewayConfigTest {
  @TempDir Path tmp;

  private Path yaml(String name, String text) throws Exception {
    Path f = tmp.resolve(name);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
    return f;
  }

  private static String error(Runnable r) {
    try {
      r.run();
    } catch (GroundedException e) {
      return e.getMessage();
    }
    throw new AssertionError("no error");
  }

  private static GatewayPlan plan(Path file) {
    return GatewayPlan.of(ConfigLoader.load(file, null, Map.of()).config());
  }

  @Test
  void providersModelsAndGatewaySettingsAreReadFromTheFile() throws Exception {
    Path f =
        yaml(
            "g.yaml",
            """
            providers:
              openai:
                base_url: https://api.openai.com/v1
                api_key_env: OPENAI_API_KEY
              local:
                base_url: http://localhost:11434/v1
                first_token_timeout: 2s
            models:
              fast:
                provider: local
                model: llama3.2:3b
              gpt-4.1:
                provider: openai
                model: gpt-4.1-2025-04-14
            gateway:
              timeout: 45s
              retry:
                max_attempts: 5
            """);
    GatewayPlan p = plan(f);
    assertThat(p.providers()).hasSize(2);
    assertThat(p.providers().get(0).config().apiKeyEnv()).isEqualTo("OPENAI_API_KEY");
    assertThat(p.providers().get(1).config().apiKeyEnv()).isEmpty();
    assertThat(p.providers().get(1).config().firstTokenTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(p.aliases().get(0).name()).isEqualTo("fast");
    assertThat(p.aliases().get(0).order(new java.util.Random(1)))
        .containsExactly(new Target("local", "llama3.2:3b"));
    assertThat(p.aliases().get(1).name()).isEqualTo("gpt-4.1");
    assertThat(p.timeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(p.retry().maxAttempts()).isEqualTo(5);
    assertThat(p.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(plan(yaml("empty.yaml", "server:\n  port: 9000\n")).aliases()).isEmpty();
  }

  @Test
  void aBadProviderOrModelSectionIsOneErrorWithFileAndLine() throws Exception {
    Path typo =
        yaml("t.yaml", "providers:\n  openai:\n    base_url: http://x/v1\n    baseurl: y\n");
    assertThat(error(() -> plan(typo)))
        .isEqualTo(
            typo
                + ":4: key 'providers.openai.baseurl': unknown key: a 'providers.<name>' entry takes"
                + " base_url, type, api_key_env, first_token_timeout, default_max_tokens; see README's"
                + " configuration table");
    Path url = yaml("u.yaml", "providers:\n  openai:\n    base_url: api.openai.com\n");
    assertThat(error(() -> plan(url)))
        .isEqualTo(
            url
                + ":3: 'providers.openai': base_url must be an http(s) URL, got \"api.openai.com\"");
    Path missing = yaml("m.yaml", "providers:\n  openai:\n    api_key_env: OPENAI_API_KEY\n");
    assertThat(error(() -> plan(missing)))
        .isEqualTo(missing + ":3: 'providers.openai' needs 'base_url'");
    Path secret =
        yaml("s.yaml", "providers:\n  openai:\n    base_url: http://x/v1\n    api_key: sk-abc\n");
    assertThat(error(() -> plan(secret)))
        .startsWith(secret + ":4: key 'providers.openai.api_key': secrets are never read")
        .doesNotContain("sk-abc");
    Path keyInEnvName =
        yaml(
            "k.yaml",
            "providers:\n  openai:\n    base_url: http://x/v1\n    api_key_env: sk-abcdef123\n");
    assertThat(error(() -> plan(keyInEnvName)))
        .startsWith(keyInEnvName + ":3: 'providers.openai': api_key_env names an environment")
        .doesNotContain("abcdef123");
    Path alias =
        yaml(
            "a.yaml",
            "providers:\n  openai:\n    base_url: http://x/v1\nmodels:\n  fast:\n"
                + "    provider: opneai\n    model: gpt-4o-mini\n");
    assertThat(error(() -> plan(alias)))
        .isEqualTo(
            alias + ":6: 'models.fast': provider 'opneai' is not configured (providers: openai)");
    Path rag =
        yaml(
            "r.yaml",
            "providers:\n  p:\n    base_url: http://x/v1\nmodels:\n  \"rag:docs\":\n"
                + "    provider: p\n    model: m\n");
    assertThat(error(() -> plan(rag))).startsWith(rag + ":6: 'models.rag:docs': names starting");
    Path embedding =
        yaml(
            "e.yaml",
            "providers:\n  p:\n    base_url: http://x/v1\nmodels:\n  "
                + ServeCommand.EMBEDDING_MODEL
                + ":\n    provider: p\n    model: m\n");
    assertThat(error(() -> plan(embedding)))
        .isEqualTo(
            embedding
                + ":6: 'models."
                + ServeCommand.EMBEDDING_MODEL
                + "': is the name of the embedding model served at /v1/embeddings");
    Path backoff = yaml("b.yaml", "gateway.retry:\n  initial_backoff: 5s\n  max_backoff: 1s\n");
    assertThat(error(() -> plan(backoff)))
        .isEqualTo(
            "gateway.retry.max_backoff (1s) must be at least gateway.retry.initial_backoff (5s)");
  }

  @Test
  void everySectionKeyIsInReadmesConfigurationTable() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    for (dev.grounded.core.config.Section s : GroundedSettings.ALL.sections())
      for (dev.grounded.core.config.Setting<?> f : s.fields())
        assertThat(readme).contains("\n| `" + s.pattern(f) + "` |");
  }

  @Test
  void configCheckReportsABadModelSectionWithItsLine() throws Exception {
    Path f = yaml("c.yaml", "models:\n  fast:\n    provider: nowhere\n    model: m\n");
    Cli r = Cli.run("config", "check", f.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.errLines())
        .containsExactly(
            "grounded: error: "
                + f
                + ":3: 'models.fast': provider 'nowhere' is not configured (add a"
                + " providers.nowhere.base_url)");
  }

  @Test
  void serveAnswersAConfiguredAliasThroughTheGateway() throws Exception {
    try (FakeOpenAiUpstream upstream =
        new FakeOpenAiUpstream(
            FakeOpenAiUpstream.sequence(FakeOpenAiUpstream.answer("Hi there")))) {
      Path config =
          yaml(
              "serve.yaml",
              "providers:\n  fake:\n    base_url: "
                  + upstream.baseUrl()
                  + "\nmodels:\n  fast:\n    provider: fake\n    model: upstream-m\n");
      TestServe served =
          TestServe.start(config, tmp.resolve("data").toString(), tmp.resolve("access.log"));
      ServeCommand.Running running = served.running();
      try {
        HttpResponse<String> r =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create(served.url() + "/v1/chat/completions"))
                        .header("Content-Type", "application/json")
                        .POST(
                            HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\","
                                    + "\"content\":\"Hello?\"}]}"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.get("model").asText()).isEqualTo("fast");
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("Hi there");
        assertThat(upstream.requests.getLast().get("model").asText()).isEqualTo("upstream-m");
      } finally {
        running.stop();
      }
    }
  }
}
