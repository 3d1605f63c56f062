package dev.grounded.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grounded.core.GroundedException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SectionTest {
  final Settings settings = new Settings();
  final Setting<String> baseUrl = Setting.optional("base_url", SettingType.string(), "Base");
  final Setting<String> keyEnv = Setting.of("api_key_env", SettingType.string(), "", "Key var");
  final Setting<Duration> firstToken =
      Setting.of(
          "first_token_timeout",
          SettingType.duration(Duration.ofMillis(1), Duration.ofHours(1)),
          Duration.ofSeconds(30),
          "First token");
  final Section providers =
      settings.addSection(
          new Section(
              "providers",
              "An upstream",
              List.of(baseUrl, keyEnv, firstToken),
              Set.of("base_url")));

  private Config resolve(ConfigEntry... file) {
    return Config.resolve(settings, "g.yaml", List.of(file), Map.of());
  }

  private static String error(Runnable r) {
    try {
      r.run();
    } catch (GroundedException e) {
      return e.getMessage();
    }
    throw new AssertionError("no error");
  }

  @Test
  void entriesUnderUserChosenNamesAreReadWithTheirDefaults() {
    Config c =
        resolve(
            ConfigEntry.scalar("providers.openai.base_url", "https://api.openai.com/v1", 2),
            ConfigEntry.scalar("providers.openai.api_key_env", "OPENAI_API_KEY", 3),
            ConfigEntry.scalar("providers.local-vllm.base_url", "http://localhost:8000/v1", 5),
            ConfigEntry.scalar("providers.local-vllm.first_token_timeout", "2s", 6),
            ConfigEntry.scalar("providers.gpt-4.1.base_url", "http://x/v1", 7));
    List<SectionEntry> entries = c.entries(providers);
    assertThat(entries)
        .extracting(SectionEntry::name)
        .containsExactly("openai", "local-vllm", "gpt-4.1");
    assertThat(entries.get(0).get(keyEnv)).isEqualTo("OPENAI_API_KEY");
    assertThat(entries.get(0).get(firstToken)).isEqualTo(Duration.ofSeconds(30));
    assertThat(entries.get(1).get(keyEnv)).isEmpty();
    assertThat(entries.get(1).get(firstToken)).isEqualTo(Duration.ofSeconds(2));
    assertThat(entries.get(1).line()).isEqualTo(5);
    assertThat(resolve().entries(providers)).isEmpty();
  }

  @Test
  void badSectionKeysNameTheFileAndLine() {
    assertThat(error(() -> resolve(ConfigEntry.scalar("providers.openai.base_ur", "x", 4))))
        .isEqualTo(
            "g.yaml:4: key 'providers.openai.base_ur': unknown key: a 'providers.<name>' entry"
                + " takes base_url, api_key_env, first_token_timeout; see README's configuration"
                + " table");
    assertThat(
            error(
                () -> resolve(ConfigEntry.scalar("providers.openai.first_token_timeout", "x", 3))))
        .startsWith("g.yaml:3: key 'providers.openai.first_token_timeout': must be a duration");
    assertThat(error(() -> resolve(ConfigEntry.scalar("providers.openai.api_key_env", "K", 7))))
        .isEqualTo("g.yaml:7: 'providers.openai' needs 'base_url'");
    assertThat(error(() -> resolve(ConfigEntry.scalar("providers.-x.base_url", "u", 2))))
        .startsWith("g.yaml:2: key 'providers.-x.base_url': '-x' is not a valid name");
    assertThat(
            error(
                () ->
                    resolve(
                        ConfigEntry.scalar("providers.a.base_url", "u", 2),
                        ConfigEntry.scalar("providers.a.base_url", "v", 3))))
        .isEqualTo("g.yaml:3: key 'providers.a.base_url': given twice");
  }

  @Test
  void aSecretInASectionIsRefusedWithoutEchoingIt() {
    assertThat(error(() -> resolve(ConfigEntry.scalar("providers.openai.api_key", "sk-123", 3))))
        .startsWith("g.yaml:3: key 'providers.openai.api_key': secrets are never read")
        .doesNotContain("sk-123");
  }
}
