package dev.grounded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grounded.gateway.cache.CacheSettings;
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

/** cache.* in grounded.yaml and the environment, and serve answering from the cache. */
class CacheConfigTest {
  @TempDir Path tmp;

  private Path yaml(String name, String text) throws Exception {
    Path f = tmp.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  private static CachePlan plan(Path file, Map<String, String> env) {
    return CachePlan.of(ConfigLoader.load(file, null, env).config());
  }

  @Test
  void cacheSettingsComeFromTheFileAndTheEnvironmentWithDefaults() throws Exception {
    Path file =
        yaml("cache.yaml", "cache:\n  ttl: 5m\n  max_entries: 20\n  max_mb: 2\n  semantic: true\n");
    assertThat(plan(file, Map.of()).settings())
        .isEqualTo(new CacheSettings(Duration.ofMinutes(5), 20, 2L << 20, true));
    assertThat(plan(file, Map.of("GROUNDED_CACHE_TTL", "90s")).settings().ttl())
        .isEqualTo(Duration.ofSeconds(90));
    assertThat(plan(yaml("empty.yaml", "server:\n  port: 9000\n"), Map.of()).settings())
        .isEqualTo(CacheSettings.DEFAULT);
    assertThat(plan(yaml("off.yaml", "cache:\n  enabled: false\n"), Map.of()).settings()).isNull();
    assertThat(plan(yaml("off.yaml", "cache:\n  enabled: false\n"), Map.of()).interceptor(null))
        .isNull();
  }

  @Test
  void serveAnswersARepeatedRequestFromTheCache() throws Exception {
    try (FakeOpenAiUpstream upstream =
        new FakeOpenAiUpstream((n, r) -> FakeOpenAiUpstream.answer("answer " + n))) {
      Path config =
          yaml(
              "serve.yaml",
              "providers:\n  fake:\n    base_url: "
                  + upstream.baseUrl()
                  + "\nmodels:\n  fast:\n    provider: fake\n    model: upstream-m\n"
                  + "cache:\n  ttl: 5m\n");
      TestServe served =
          TestServe.start(config, tmp.resolve("data").toString(), tmp.resolve("access.log"));
      ServeCommand.Running running = served.running();
      HttpClient http = HttpClient.newHttpClient();
      String chat =
          "{\"model\":\"fast\",\"temperature\":0,\"messages\":[{\"role\":\"user\","
              + "\"content\":\"Hello?\"}]}";
      try {
        HttpRequest post =
            HttpRequest.newBuilder(URI.create(served.url() + "/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(chat))
                .build();
        HttpResponse<String> first = http.send(post, HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> second = http.send(post, HttpResponse.BodyHandlers.ofString());
        assertThat(first.headers().firstValue("x-grounded-cache")).contains("miss");
        assertThat(second.headers().firstValue("x-grounded-cache")).contains("hit");
        assertThat(second.body()).isEqualTo(first.body()).contains("answer 1");
        assertThat(upstream.count()).isEqualTo(1);
        HttpResponse<String> stats =
            http.send(
                HttpRequest.newBuilder(URI.create(served.url() + "/api/cache")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(Json.MAPPER.readTree(stats.body()).get("ttl_seconds").asLong()).isEqualTo(300);
        assertThat(Json.MAPPER.readTree(stats.body()).get("hits").asLong()).isEqualTo(1);
      } finally {
        running.stop();
      }
    }
  }
}
