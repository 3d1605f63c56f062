package dev.grounded.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.gateway.upstream.FakeAnthropicUpstream;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream.Behaviour;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every fault the fake upstreams inject, for both provider types, streamed and not, with and
 * without a fallback, through a real {@code grounded serve} configured by grounded.yaml: the client
 * gets an answer or a clean OpenAI-shaped error (or a terminal error event) by the deadline, never
 * a hang; fallbacks and an opening breaker show in the upstreams' request counts.
 */
class GatewayFaultMatrixTest {
  /** gateway.timeout of the served gateway; every case must end well within NEVER_HANGS. */
  static final Duration DEADLINE = Duration.ofSeconds(3);

  static final Duration NEVER_HANGS = DEADLINE.multipliedBy(10);
  static final String PRIMARY = "primary answer";
  static final String BACKUP = "backup answer";
  static final List<String> FAULTS =
      List.of(
          "delay",
          "slow_first_token",
          "rate_limited",
          "server_error",
          "flapping",
          "reset",
          "cut",
          "malformed",
          "hang");

  @TempDir static Path tmp;
  static FakeOpenAiUpstream openAi;
  static FakeOpenAiUpstream openAiBackup;
  static FakeAnthropicUpstream anthropic;
  static FakeAnthropicUpstream anthropicBackup;
  static ServeCommand.Running running;
  static String base;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ByteArrayOutputStream log = new ByteArrayOutputStream();

  /** What the primary upstreams do, chosen by the model name the gateway sends them. */
  static Behaviour primary(int n, JsonNode request, List<JsonNode> seen) {
    String model = request.path("model").asText();
    String fault = model.contains(".") ? model.split("\\.")[1] : "answer";
    long sameModel = seen.stream().filter(r -> r.path("model").asText().equals(model)).count();
    return switch (fault) {
      case "delay" -> FakeOpenAiUpstream.answer(PRIMARY).delayed(Duration.ofMillis(200));
      case "slow_first_token" ->
          FakeOpenAiUpstream.answer(PRIMARY).slowFirstToken(Duration.ofMillis(2500));
      case "rate_limited" -> new FakeOpenAiUpstream.Status(429, "slow down", "1");
      case "server_error", "breaker" -> new FakeOpenAiUpstream.Status(500, "boom", null);
      case "flapping" ->
          sameModel % 2 == 1
              ? new FakeOpenAiUpstream.Status(503, "flap", null)
              : FakeOpenAiUpstream.answer(PRIMARY);
      case "reset" -> new FakeOpenAiUpstream.Reset();
      case "cut" -> new FakeOpenAiUpstream.CutStream(2);
      case "malformed" -> new FakeOpenAiUpstream.Malformed();
      case "hang" -> new FakeOpenAiUpstream.Hang();
      default -> FakeOpenAiUpstream.answer(PRIMARY);
    };
  }

  @BeforeAll
  static void serve() throws Exception {
    openAi = new FakeOpenAiUpstream((n, r) -> primary(n, r, openAi.requests));
    anthropic =
        new FakeAnthropicUpstream(
            (n, r) -> new FakeAnthropicUpstream.Like(primary(n, r, anthropic.requests)));
    openAiBackup = new FakeOpenAiUpstream(FakeOpenAiUpstream.sequence(answerBackup()));
    anthropicBackup =
        new FakeAnthropicUpstream(
            FakeAnthropicUpstream.like(FakeOpenAiUpstream.sequence(answerBackup())));
    StringBuilder yaml = new StringBuilder();
    yaml.append("providers:\n");
    provider(yaml, "oa", "openai", openAi.baseUrl());
    provider(yaml, "ob", "openai", openAiBackup.baseUrl());
    provider(yaml, "an", "anthropic", anthropic.baseUrl());
    provider(yaml, "bn", "anthropic", anthropicBackup.baseUrl());
    yaml.append("models:\n");
    for (String type : List.of("openai", "anthropic")) {
      for (String fault : FAULTS)
        for (String mode : List.of("j", "s")) {
          alias(yaml, type, type + "." + fault + "." + mode, false);
          alias(yaml, type, type + "." + fault + "." + mode + ".fb", true);
        }
      alias(yaml, type, type + ".breaker", true);
    }
    yaml.append("  gold:\n    targets: [oa/gold-model]\n");
    yaml.append("  plain:\n    targets: [oa/plain-model]\n");
    yaml.append(
        """
        gateway:
          timeout: 3s
          retry:
            max_attempts: 2
            initial_backoff: 10ms
            max_backoff: 20ms
          breaker:
            failures: 2
            cool_down: 1h
          rules:
            tiered:
              model: auto
              alias: gold
              headers: [x-grounded-tier=gold]
            rest:
              model: auto
              alias: plain
        """);
    Path config = tmp.resolve("grounded.yaml");
    Files.writeString(config, yaml);
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve)
        .setDefaultValueProvider(new ConfigDefaults(Map.of()))
        .parseArgs(
            "--config", config.toString(),
            "--data", tmp.resolve("data").toString(),
            "--port", "0",
            "--access-log", tmp.resolve("access.log").toString());
    running = serve.start(new PrintStream(log, true, StandardCharsets.UTF_8));
    Matcher url =
        Pattern.compile("serving on (http://127\\.0\\.0\\.1:\\d+)")
            .matcher(log.toString(StandardCharsets.UTF_8));
    assertThat(url.find()).as(log.toString(StandardCharsets.UTF_8)).isTrue();
    base = url.group(1);
  }

  private static FakeOpenAiUpstream.Answer answerBackup() {
    return FakeOpenAiUpstream.answer(BACKUP);
  }

  private static void provider(StringBuilder yaml, String name, String type, URI url) {
    yaml.append("  ").append(name).append(":\n    type: ").append(type);
    yaml.append("\n    base_url: ").append(url).append("\n    first_token_timeout: 700ms\n");
  }

  private static void alias(StringBuilder yaml, String type, String name, boolean fallback) {
    String primary = type.equals("openai") ? "oa" : "an";
    String backup = type.equals("openai") ? "ob" : "bn";
    yaml.append("  ").append(name).append(":\n    targets: [").append(primary).append('/');
    yaml.append(name).append("]\n");
    if (fallback)
      yaml.append("    fallbacks: [").append(backup).append('/').append(name).append("]\n");
  }

  @AfterAll
  static void stop() throws Exception {
    if (running != null) running.stop();
    for (AutoCloseable c : new AutoCloseable[] {openAi, openAiBackup, anthropic, anthropicBackup})
      if (c != null) c.close();
  }

  enum Outcome {
    /** 200 with the primary's answer. */
    PRIMARY,
    /** 200 with the fallback's answer. */
    BACKUP,
    /** An OpenAI-shaped error (HTTP status >= 400). */
    ERROR,
    /** A stream that began, then ended with a terminal error event and no [DONE]. */
    CUT
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (String type : List.of("openai", "anthropic"))
      for (String fault : FAULTS)
        for (boolean stream : List.of(false, true))
          for (boolean fallback : List.of(false, true)) {
            if (fault.equals("hang") && fallback)
              continue; // the deadline is spent: nothing to fall to
            out.add(Arguments.of(type, fault, stream, fallback, expected(fault, stream, fallback)));
          }
    return out.stream();
  }

  static Outcome expected(String fault, boolean stream, boolean fallback) {
    Outcome failed = fallback ? Outcome.BACKUP : Outcome.ERROR;
    return switch (fault) {
      case "delay", "flapping" -> Outcome.PRIMARY;
      case "slow_first_token" ->
          stream ? failed : Outcome.PRIMARY; // only a stream has a first token
      case "cut" -> stream ? Outcome.CUT : failed; // a begun stream is never failed over
      case "hang" -> Outcome.ERROR;
      default -> failed;
    };
  }

  @ParameterizedTest(name = "{0} {1} stream={2} fallback={3} -> {4}")
  @MethodSource("cases")
  void everyFaultEndsInAnAnswerOrACleanErrorByTheDeadline(
      String type, String fault, boolean stream, boolean fallback, Outcome expected)
      throws Exception {
    String alias = type + "." + fault + "." + (stream ? "s" : "j") + (fallback ? ".fb" : "");
    HttpResponse<String> r =
        assertTimeoutPreemptively(NEVER_HANGS, () -> post(alias, stream, Map.of()));
    String body = r.body();
    switch (expected) {
      case PRIMARY, BACKUP -> {
        assertThat(r.statusCode()).as(body).isEqualTo(200);
        assertThat(stream ? streamedContent(body, alias) : completionContent(body, alias))
            .isEqualTo(expected == Outcome.PRIMARY ? PRIMARY : BACKUP);
      }
      case ERROR -> assertCleanError(r);
      case CUT -> {
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> events = events(body);
        assertThat(events.size()).as(body).isGreaterThan(1);
        assertThat(events).doesNotContain("[DONE]");
        JsonNode last = Json.MAPPER.readTree(events.getLast());
        assertErrorShape(last);
      }
    }
    long backups =
        count(type.equals("openai") ? openAiBackup.requests : anthropicBackup.requests, alias);
    long primaries = count(type.equals("openai") ? openAi.requests : anthropic.requests, alias);
    assertThat(backups)
        .as("requests the fallback got")
        .isEqualTo(expected == Outcome.BACKUP ? 1 : 0);
    assertThat(primaries).as("requests the primary got").isBetween(1L, 2L);
    if (fault.equals("flapping")) assertThat(primaries).isEqualTo(2);
  }

  @Test
  void anOpenBreakerSendsEveryCallToTheFallbackWithoutTryingThePrimary() throws Exception {
    for (String type : List.of("openai", "anthropic")) {
      String alias = type + ".breaker";
      for (int i = 0; i < 4; i++) {
        HttpResponse<String> r =
            assertTimeoutPreemptively(NEVER_HANGS, () -> post(alias, false, Map.of()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(completionContent(r.body(), alias)).isEqualTo(BACKUP);
      }
      List<JsonNode> primary = type.equals("openai") ? openAi.requests : anthropic.requests;
      List<JsonNode> backup =
          type.equals("openai") ? openAiBackup.requests : anthropicBackup.requests;
      // 2 calls x 2 attempts opened the breaker (failures: 2); calls 3 and 4 skipped the primary
      assertThat(count(primary, alias)).isEqualTo(4);
      assertThat(count(backup, alias)).isEqualTo(4);
    }
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("gateway: circuit breaker opened for oa/openai.breaker after 2 failed calls")
        .contains("gateway: circuit breaker opened for an/anthropic.breaker after 2 failed calls")
        .containsPattern(
            "gateway: request \\S+ falls back from an/anthropic.breaker to bn/anthropic.breaker"
                + " \\(upstream_error\\)");
  }

  @Test
  void aRuleOnAnXGroundedHeaderPicksTheAliasAndTheReplyNamesTheModelAsked() throws Exception {
    HttpResponse<String> gold = post("auto", false, Map.of("X-Grounded-Tier", "gold"));
    assertThat(completionContent(gold.body(), "auto")).isEqualTo(PRIMARY);
    assertThat(openAi.requests.getLast().path("model").asText()).isEqualTo("gold-model");
    HttpResponse<String> plain = post("auto", true, Map.of("X-Grounded-Tier", "silver"));
    assertThat(streamedContent(plain.body(), "auto")).isEqualTo(PRIMARY);
    assertThat(openAi.requests.getLast().path("model").asText()).isEqualTo("plain-model");
    HttpResponse<String> models =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/models")).build(),
            HttpResponse.BodyHandlers.ofString());
    List<String> ids = new ArrayList<>();
    for (JsonNode m : Json.MAPPER.readTree(models.body()).path("data"))
      ids.add(m.path("id").asText());
    assertThat(ids).contains("gold", "plain", "auto", "openai.breaker", "anthropic.cut.s.fb");
  }

  private static HttpResponse<String> post(
      String model, boolean stream, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\""
                        + model
                        + "\",\"stream\":"
                        + stream
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hello?\"}]}"));
    headers.forEach(b::header);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static long count(List<JsonNode> requests, String model) {
    return requests.stream().filter(r -> r.path("model").asText().equals(model)).count();
  }

  private static String completionContent(String body, String alias) throws Exception {
    JsonNode n = Json.MAPPER.readTree(body);
    assertThat(n.path("model").asText()).isEqualTo(alias);
    return n.at("/choices/0/message/content").asText();
  }

  private static String streamedContent(String body, String alias) throws Exception {
    List<String> events = events(body);
    assertThat(events).as(body).endsWith("[DONE]");
    StringBuilder content = new StringBuilder();
    for (String e : events.subList(0, events.size() - 1)) {
      JsonNode chunk = Json.MAPPER.readTree(e);
      assertThat(chunk.has("error")).as(e).isFalse();
      assertThat(chunk.path("model").asText()).isEqualTo(alias);
      content.append(chunk.at("/choices/0/delta/content").asText(""));
    }
    return content.toString();
  }

  private static List<String> events(String body) {
    List<String> out = new ArrayList<>();
    for (String e : body.split("\n\n")) if (e.startsWith("data: ")) out.add(e.substring(6));
    return out;
  }

  private static void assertCleanError(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isGreaterThanOrEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    assertErrorShape(Json.MAPPER.readTree(r.body()));
    if (r.statusCode() == 429) assertThat(r.headers().firstValue("Retry-After")).isPresent();
  }

  private static void assertErrorShape(JsonNode n) {
    JsonNode e = n.path("error");
    assertThat(e.isObject()).as(n.toString()).isTrue();
    assertThat(e.path("message").asText()).isNotBlank();
    assertThat(e.path("type").asText()).isNotBlank();
    assertThat(e.has("param")).isTrue();
    assertThat(e.path("code").asText()).isNotBlank();
  }
}
