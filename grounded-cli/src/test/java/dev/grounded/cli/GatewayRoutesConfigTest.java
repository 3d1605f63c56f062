package dev.grounded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grounded.core.GroundedException;
import dev.grounded.gateway.chain.Target;
import dev.grounded.gateway.routing.Rule;
import dev.grounded.gateway.routing.WeightedTarget;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Provider types, weighted targets, fallbacks, rules and breaker settings in grounded.yaml. */
class GatewayRoutesConfigTest {
  @TempDir Path tmp;

  private GatewayPlan plan(String text) throws Exception {
    Path f = tmp.resolve("g.yaml");
    Files.writeString(f, text);
    return GatewayPlan.of(ConfigLoader.load(f, null, Map.of()).config());
  }

  private String error(String text) throws Exception {
    try {
      plan(text);
    } catch (GroundedException e) {
      return e.getMessage().replace(tmp.resolve("g.yaml").toString(), "g.yaml");
    }
    throw new AssertionError("no error");
  }

  private static final String PROVIDERS =
      """
      providers:
        openai:
          base_url: https://api.openai.com/v1
        claude:
          type: anthropic
          api_key_env: ANTHROPIC_API_KEY
          default_max_tokens: 1024
      """;

  @Test
  void weightedTargetsFallbacksRulesAndBreakerSettingsAreReadFromTheFile() throws Exception {
    GatewayPlan p =
        plan(
            PROVIDERS
                + """
                models:
                  fast:
                    targets: [openai/gpt-4o-mini, claude/claude-3-5-haiku-latest]
                    weights: [3, 1]
                    fallbacks: [openai/org/fine-tuned:v2]
                  smart:
                    provider: claude
                    model: claude-sonnet-4
                gateway:
                  breaker:
                    failures: 2
                    cool_down: 1m
                  rules:
                    proofs:
                      model: auto
                      alias: smart
                      prompt_matches: (?i)prove|theorem
                    long:
                      model: auto
                      alias: smart
                      min_tokens: 2000
                    gold:
                      model: auto
                      alias: smart
                      headers: [X-Grounded-Tier=gold]
                      metadata: [tenant=acme]
                    default:
                      model: auto
                      alias: fast
                """);
    assertThat(p.providers().get(1).type()).isEqualTo("anthropic");
    assertThat(p.providers().get(1).config().baseUrl())
        .isEqualTo(URI.create("https://api.anthropic.com"));
    assertThat(p.providers().get(1).maxTokens()).isEqualTo(1024);
    assertThat(p.providers().get(0).type()).isEqualTo("openai");
    var fast = p.aliases().get(0);
    assertThat(fast.targets())
        .containsExactly(
            new WeightedTarget(new Target("openai", "gpt-4o-mini"), 3),
            new WeightedTarget(new Target("claude", "claude-3-5-haiku-latest"), 1));
    assertThat(fast.fallbacks()).containsExactly(new Target("openai", "org/fine-tuned:v2"));
    assertThat(p.aliases().get(1).targets())
        .containsExactly(new WeightedTarget(new Target("claude", "claude-sonnet-4"), 1));
    assertThat(p.breaker().failures()).isEqualTo(2);
    assertThat(p.breaker().coolDown()).isEqualTo(Duration.ofMinutes(1));
    assertThat(p.rules())
        .extracting(Rule::alias)
        .containsExactly("smart", "smart", "smart", "fast");
    assertThat(p.rules().get(0).lastUserMessage().orElseThrow().pattern())
        .isEqualTo("(?i)prove|theorem");
    assertThat(p.rules().get(1).length())
        .isEqualTo(new Rule.PromptLength(2000, Long.MAX_VALUE, Rule.PromptLength.Unit.TOKENS));
    assertThat(p.rules().get(2).metadata())
        .isEqualTo(Map.of("header:x-grounded-tier", "gold", "tenant", "acme"));
    assertThat(p.served()).containsExactly("fast", "smart", "auto");
  }

  @Test
  void aBadTargetWeightOrRuleIsOneErrorWithFileAndLine() throws Exception {
    assertThat(error(PROVIDERS + "models:\n  m:\n    targets: [gpt-4o]\n"))
        .isEqualTo(
            "g.yaml:10: 'models.m': target 'gpt-4o' is not provider/model (e.g."
                + " openai/gpt-4o-mini)");
    assertThat(error(PROVIDERS + "models:\n  m:\n    targets: [opneai/gpt-4o]\n"))
        .isEqualTo(
            "g.yaml:10: 'models.m': provider 'opneai' is not configured (providers: openai,"
                + " claude)");
    assertThat(
            error(
                PROVIDERS + "models:\n  m:\n    targets: [openai/a, openai/b]\n    weights: [1]\n"))
        .isEqualTo(
            "g.yaml:10: 'models.m': weights has 1 values for 2 targets: give one per target");
    assertThat(
            error(
                PROVIDERS
                    + "models:\n  m:\n    provider: openai\n    model: a\n    targets: [openai/b]\n"))
        .isEqualTo("g.yaml:10: 'models.m': give either provider + model or targets, not both");
    assertThat(
            error(
                PROVIDERS + "models:\n  m:\n    targets: [openai/a]\n    fallbacks: [openai/a]\n"))
        .isEqualTo("g.yaml:10: 'models.m': alias 'm' lists openai/a twice");
    assertThat(error(PROVIDERS + "models:\n  m:\n    model: a\n"))
        .isEqualTo("g.yaml:10: 'models.m': needs 'provider' (or 'targets')");
    String models = PROVIDERS + "models:\n  m:\n    targets: [openai/a]\ngateway.rules:\n  r:\n";
    assertThat(error(models + "    model: auto\n    alias: nope\n"))
        .isEqualTo(
            "g.yaml:13: 'gateway.rules.r': alias 'nope' is not configured (add models.nope)");
    assertThat(error(models + "    model: auto\n    alias: m\n    prompt_matches: \"(\"\n"))
        .startsWith("g.yaml:13: 'gateway.rules.r': prompt_matches is not a regular expression");
    assertThat(error(models + "    model: auto\n    alias: m\n    headers: [authorization=x]\n"))
        .isEqualTo(
            "g.yaml:13: 'gateway.rules.r': headers: only x-grounded-* request headers reach the"
                + " rules, not authorization");
    assertThat(
            error(models + "    model: auto\n    alias: m\n    min_chars: 5\n    max_tokens: 9\n"))
        .isEqualTo(
            "g.yaml:13: 'gateway.rules.r': bound the length in chars or in tokens, not both");
    assertThat(error(models + "    alias: m\n"))
        .isEqualTo("g.yaml:13: 'gateway.rules.r' needs 'model'");
    assertThat(error("providers:\n  p:\n    type: gemini\n    base_url: http://x/v1\n"))
        .startsWith("g.yaml:3: key 'providers.p.type'");
    assertThat(error("providers:\n  p:\n    type: openai\n"))
        .isEqualTo("g.yaml:3: 'providers.p' needs 'base_url'");
  }
}
