package dev.grounded.gateway.routing;

import static dev.grounded.gateway.upstream.FakeOpenAiUpstream.answer;
import static dev.grounded.gateway.upstream.FakeOpenAiUpstream.sequence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.Gateway;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.Deadline;
import dev.grounded.gateway.chain.GatewayListener;
import dev.grounded.gateway.chain.RequestMetadata;
import dev.grounded.gateway.chain.Target;
import dev.grounded.gateway.provider.OpenAiCompatibleProvider;
import dev.grounded.gateway.provider.ProviderConfig;
import dev.grounded.gateway.reliability.BreakerPolicy;
import dev.grounded.gateway.reliability.CircuitBreakers;
import dev.grounded.gateway.reliability.RetryPolicy;
import dev.grounded.gateway.routing.Rule.PromptLength;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class AliasRouterTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final long SEED = Long.getLong("tests.seed", new Random().nextLong());
  static final Target CHEAP = new Target("a", "cheap-1");
  static final Target CHEAP2 = new Target("b", "cheap-2");
  static final Target STRONG = new Target("b", "strong-1");
  static final Target BACKUP = new Target("c", "backup-1");
  static final Alias FAST =
      new Alias(
          "fast",
          List.of(new WeightedTarget(CHEAP, 1), new WeightedTarget(CHEAP2, 3)),
          List.of(BACKUP));
  static final Alias SMART =
      new Alias("smart", List.of(new WeightedTarget(STRONG, 1)), List.of(BACKUP));

  static {
    System.out.println("AliasRouterTest seed: -Dtests.seed=" + SEED);
  }

  static ChatRequest request(String model, String lastUser, RequestMetadata who) {
    ObjectNode body = JSON.createObjectNode().put("model", model);
    var messages = body.putArray("messages");
    messages.addObject().put("role", "system").put("content", "be brief");
    messages.addObject().put("role", "user").put("content", "an earlier request: prove it");
    messages.addObject().put("role", "assistant").put("content", "ok");
    ObjectNode last = messages.addObject().put("role", "user");
    last.putArray("content").addObject().put("type", "text").put("text", lastUser);
    body.putObject("metadata").put("feature", "summaries");
    return new ChatRequest(body, who, Deadline.after(Duration.ofSeconds(5)));
  }

  static ChatRequest request(String model, String lastUser) {
    return request(model, lastUser, RequestMetadata.anonymous("req-1"));
  }

  static Rule rule(Pattern regex, PromptLength length, Map<String, String> metadata, String alias) {
    return new Rule("auto", Optional.ofNullable(regex), length, metadata, alias);
  }

  @Test
  void anAliasIsTriedWeightedFirstThenItsOtherTargetsThenItsFallbacks() {
    AliasRouter router = new AliasRouter(List.of(FAST, SMART), List.of(), new Random(SEED));
    int cheapFirst = 0;
    for (int i = 0; i < 4000; i++) {
      List<Target> order = router.route(request("fast", "hi"));
      assertThat(order).hasSize(3).endsWith(BACKUP).contains(CHEAP, CHEAP2);
      if (order.getFirst().equals(CHEAP)) cheapFirst++;
    }
    // weight 1 of 4: expected 1000, standard deviation ~27; 150 is more than 5 of them
    assertThat(cheapFirst).isBetween(850, 1150);
    assertThat(router.route(request("smart", "hi"))).containsExactly(STRONG, BACKUP);
  }

  @Test
  void theSameSeedDrawsTheSameRoutes() {
    AliasRouter one = new AliasRouter(List.of(FAST), List.of(), new Random(SEED));
    AliasRouter two = new AliasRouter(List.of(FAST), List.of(), new Random(SEED));
    for (int i = 0; i < 50; i++)
      assertThat(one.route(request("fast", "x"))).isEqualTo(two.route(request("fast", "x")));
  }

  @Test
  void theFirstMatchingRulePicksTheAlias() {
    List<Rule> rules =
        List.of(
            rule(
                Pattern.compile("(?i)\\bprove\\b|\\btheorem\\b"),
                PromptLength.ANY,
                Map.of(),
                "smart"),
            rule(
                null,
                new PromptLength(500, Long.MAX_VALUE, PromptLength.Unit.TOKENS),
                Map.of(),
                "smart"),
            rule(null, PromptLength.ANY, Map.of("tenant", "acme", "feature", "summaries"), "smart"),
            rule(null, new PromptLength(0, 200, PromptLength.Unit.CHARACTERS), Map.of(), "fast"));
    AliasRouter router = new AliasRouter(List.of(FAST, SMART), rules, new Random(SEED));

    assertThat(router.route(request("auto", "Please PROVE this")).getFirst()).isEqualTo(STRONG);
    assertThat(router.route(request("auto", "what is 2+2?")).getFirst()).isIn(CHEAP, CHEAP2);
    // the regex reads the last user message only (the earlier one says "prove")
    assertThat(router.route(request("auto", "a plain question")).getFirst()).isIn(CHEAP, CHEAP2);
    // ~2000 estimated tokens: the length rule
    assertThat(router.route(request("auto", "long ".repeat(1600))).getFirst()).isEqualTo(STRONG);
    // metadata: the caller's tenant and the request's OpenAI metadata object
    RequestMetadata acme = new RequestMetadata("req-2", "acme", "", "");
    assertThat(router.route(request("auto", "hi", acme)).getFirst()).isEqualTo(STRONG);
    // rules apply to their model only: "fast" is an alias of its own
    assertThat(router.route(request("fast", "Please prove this")).getFirst()).isIn(CHEAP, CHEAP2);
    // 300 characters: no rule matches, and "auto" is not an alias
    assertThatThrownBy(() -> router.route(request("auto", "x".repeat(300))))
        .isInstanceOfSatisfying(
            GroundedException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND);
              assertThat(e.param()).contains("model");
            });
    assertThatThrownBy(() -> router.route(request("gpt-unknown", "hi")))
        .hasMessageContaining("gpt-unknown");
  }

  @Test
  void routingValuesAreValidatedWhenBuilt() {
    assertThatThrownBy(() -> new WeightedTarget(CHEAP, 0)).hasMessageContaining("weight");
    assertThatThrownBy(() -> new Target("", "m")).hasMessageContaining("provider");
    assertThatThrownBy(() -> new Alias("x", List.of(), List.of())).hasMessageContaining("target");
    assertThatThrownBy(() -> new Alias("x", List.of(new WeightedTarget(CHEAP, 1)), List.of(CHEAP)))
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> new PromptLength(10, 5, PromptLength.Unit.TOKENS))
        .hasMessageContaining("min");
    assertThatThrownBy(
            () ->
                new AliasRouter(
                    List.of(FAST),
                    List.of(rule(null, PromptLength.ANY, Map.of(), "nope")),
                    new Random(1)))
        .hasMessageContaining("unknown alias 'nope'");
    assertThatThrownBy(() -> new AliasRouter(List.of(FAST, FAST), List.of(), new Random(1)))
        .hasMessageContaining("twice");
  }

  @Test
  void weightedTargetsShareTheTrafficAtTheUpstreams() throws Exception {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    try (FakeOpenAiUpstream a = new FakeOpenAiUpstream(sequence(answer("a")));
        FakeOpenAiUpstream b = new FakeOpenAiUpstream(sequence(answer("b")))) {
      Alias split =
          new Alias(
              "split",
              List.of(
                  new WeightedTarget(new Target("a", "m-a"), 1),
                  new WeightedTarget(new Target("b", "m-b"), 3)),
              List.of());
      Gateway g =
          Gateway.routed(
              List.of(
                  new OpenAiCompatibleProvider(
                      new ProviderConfig("a", a.baseUrl(), "", Duration.ofSeconds(5)),
                      http,
                      Map.of()),
                  new OpenAiCompatibleProvider(
                      new ProviderConfig("b", b.baseUrl(), "", Duration.ofSeconds(5)),
                      http,
                      Map.of())),
              new AliasRouter(List.of(split), List.of(), new Random(SEED)),
              new CircuitBreakers(BreakerPolicy.DEFAULT, Clock.systemUTC()),
              RetryPolicy.DEFAULT,
              GatewayListener.NONE);
      for (int i = 0; i < 200; i++) g.chat(request("split", "hi"));
      assertThat(a.count() + b.count()).isEqualTo(200);
      // expected 50, standard deviation ~6
      assertThat(a.count()).isBetween(25, 75);
      assertThat(b.requests.getFirst().path("model").asText()).isEqualTo("m-b");
    }
  }
}
