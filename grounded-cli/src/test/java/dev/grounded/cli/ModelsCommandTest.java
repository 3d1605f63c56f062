package dev.grounded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** grounded models lists the aliases grounded.yaml configures, as a table and as JSON. */
class ModelsCommandTest {
  @TempDir Path tmp;

  private Path config() throws Exception {
    Path f = tmp.resolve("grounded.yaml");
    Files.writeString(
        f,
        """
        providers:
          openai:
            base_url: https://api.openai.com/v1
            api_key_env: OPENAI_API_KEY
          claude:
            type: anthropic
        models:
          fast:
            targets: [openai/gpt-4o-mini, claude/claude-3-5-haiku-20241022]
            weights: [3, 1]
            fallbacks: [openai/local-llama]
          smart:
            provider: claude
            model: claude-sonnet-4-20250514
        gateway.rules:
          default:
            model: auto
            alias: fast
        """);
    return f;
  }

  @Test
  void theAliasesAreListedWithTargetsWeightsFallbacksTypesAndKnownPrices() throws Exception {
    Cli r = Cli.run("models", "--config", config().toString(), "--data", tmp.toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(0);
    assertThat(r.out())
        .contains("ALIAS")
        .containsPattern(
            "fast +openai/gpt-4o-mini \\(openai\\) x3, claude/claude-3-5-haiku-20241022"
                + " \\(anthropic\\) x1 +openai/local-llama \\(openai\\) +0\\.15 / 0\\.6")
        .containsPattern("smart +claude/claude-sonnet-4-20250514 \\(anthropic\\) +- +3 / 15")
        .containsPattern("auto +rule -> fast");
  }

  @Test
  void theJsonNamesEveryTargetWithItsProviderTypeWeightAndPrice() throws Exception {
    Cli r = Cli.run("models", "--config", config().toString(), "--data", tmp.toString(), "--json");
    assertThat(r.exit()).as(r.err()).isEqualTo(0);
    JsonNode out = Json.MAPPER.readTree(r.out());
    JsonNode fast = out.at("/data/0");
    assertThat(fast.path("id").asText()).isEqualTo("fast");
    assertThat(fast.at("/targets/0/provider").asText()).isEqualTo("openai");
    assertThat(fast.at("/targets/0/model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(fast.at("/targets/0/type").asText()).isEqualTo("openai");
    assertThat(fast.at("/targets/0/weight").asInt()).isEqualTo(3);
    assertThat(fast.at("/targets/0/price/input_usd_per_million").decimalValue())
        .isEqualByComparingTo("0.15");
    assertThat(fast.at("/targets/1/type").asText()).isEqualTo("anthropic");
    assertThat(fast.at("/fallbacks/0/model").asText()).isEqualTo("local-llama");
    assertThat(fast.at("/fallbacks/0/price").isNull()).isTrue();
    assertThat(out.at("/data/1/id").asText()).isEqualTo("smart");
    assertThat(out.at("/rules/0/model").asText()).isEqualTo("auto");
    assertThat(out.at("/rules/0/alias").asText()).isEqualTo("fast");
  }

  @Test
  void aBadModelsEntryIsTheUsualFileAndLineError() throws Exception {
    Path f = tmp.resolve("bad.yaml");
    Files.writeString(f, "models:\n  fast:\n    targets: [nowhere/m]\n");
    Cli r = Cli.run("models", "--config", f.toString(), "--data", tmp.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.errLines())
        .containsExactly(
            "grounded: error: "
                + f
                + ":3: 'models.fast': provider 'nowhere' is not configured (add a"
                + " providers.nowhere.base_url)");
  }
}
