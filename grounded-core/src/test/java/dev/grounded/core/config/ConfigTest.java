package dev.grounded.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grounded.core.GroundedException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {
  final Settings settings = new Settings();
  final Setting<Integer> port =
      settings.add(Setting.of("server.port", SettingType.integer(0, 65535), 8080, "Port"));
  final Setting<String> host =
      settings.add(Setting.of("server.host", SettingType.string(), "127.0.0.1", "Host"));
  final Setting<Duration> timeout =
      settings.add(
          Setting.of(
              "server.shutdown_timeout",
              SettingType.duration(Duration.ZERO, Duration.ofHours(1)),
              Duration.ofSeconds(20),
              "Timeout"));
  final Setting<String> baseUrl =
      settings.add(
          Setting.optional("llm.base_url", SettingType.string(), "Base")
              .withEnv("GROUNDED_LLM_BASE_URL", "OPENAI_BASE_URL"));

  private Config resolve(List<ConfigEntry> file, Map<String, String> env) {
    return Config.resolve(settings, "grounded.yaml", file, env);
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
  void anUnknownKeyIsRefusedWithItsLineAndTheClosestKnownKey() {
    String message =
        error(() -> resolve(List.of(ConfigEntry.scalar("server.prot", "1", 7)), Map.of()));
    assertThat(message)
        .isEqualTo(
            "grounded.yaml:7: key 'server.prot': unknown key (did you mean 'server.port'?);"
                + " see README's configuration table");
  }

  @Test
  void aValueOfTheWrongTypeIsRefusedWithWhatIsExpected() {
    assertThat(error(() -> resolve(List.of(ConfigEntry.scalar("server.port", "abc", 3)), Map.of())))
        .isEqualTo(
            "grounded.yaml:3: key 'server.port': must be an integer in 0–65535, got \"abc\"");
    assertThat(
            error(
                () ->
                    resolve(
                        List.of(ConfigEntry.sequence("server.host", List.of("a", "b"), 2)),
                        Map.of())))
        .isEqualTo("grounded.yaml:2: key 'server.host': must be a non-empty string, got a list");
  }

  @Test
  void anOutOfRangeValueIsRefused() {
    assertThat(
            error(() -> resolve(List.of(ConfigEntry.scalar("server.port", "70000", 1)), Map.of())))
        .contains("grounded.yaml:1: key 'server.port': must be an integer in 0–65535");
    assertThat(
            error(
                () ->
                    resolve(
                        List.of(ConfigEntry.scalar("server.shutdown_timeout", "2h", 4)), Map.of())))
        .contains("grounded.yaml:4: key 'server.shutdown_timeout': must be a duration");
  }

  @Test
  void aBadEnvironmentVariableIsNamed() {
    assertThat(error(() -> resolve(List.of(), Map.of("GROUNDED_SERVER_PORT", "-1"))))
        .startsWith("environment GROUNDED_SERVER_PORT: key 'server.port': must be an integer");
  }

  @Test
  void theEnvironmentBeatsTheFileWhichBeatsTheDefault() {
    Config defaults = resolve(List.of(), Map.of());
    assertThat(defaults.get(port)).isEqualTo(8080);
    assertThat(defaults.origin(port)).isEqualTo(Origin.DEFAULT);

    Config file = resolve(List.of(ConfigEntry.scalar("server.port", "9000", 1)), Map.of());
    assertThat(file.get(port)).isEqualTo(9000);
    assertThat(file.origin(port)).isEqualTo(Origin.FILE);

    Config env =
        resolve(
            List.of(ConfigEntry.scalar("server.port", "9000", 1)),
            Map.of("GROUNDED_SERVER_PORT", "9100"));
    assertThat(env.get(port)).isEqualTo(9100);
    assertThat(env.origin(port)).isEqualTo(Origin.ENV);
    assertThat(env.get(host)).isEqualTo("127.0.0.1");
  }

  @Test
  void theFirstSetOfSeveralEnvironmentVariablesWins() {
    assertThat(resolve(List.of(), Map.of("OPENAI_BASE_URL", "http://b")).find(baseUrl))
        .contains("http://b");
    assertThat(
            resolve(
                    List.of(),
                    Map.of("OPENAI_BASE_URL", "http://b", "GROUNDED_LLM_BASE_URL", "http://a"))
                .find(baseUrl))
        .contains("http://a");
    assertThat(resolve(List.of(), Map.of()).find(baseUrl)).isEmpty();
  }

  @Test
  void secretsAreRefusedInTheFileAndCannotBeRegistered() {
    assertThat(
            error(() -> resolve(List.of(ConfigEntry.scalar("llm.api_key", "sk-1", 5)), Map.of())))
        .startsWith("grounded.yaml:5: key 'llm.api_key': secrets are never read")
        .doesNotContain("sk-1");
    assertThat(Settings.isSecret("gateway.providers.openai.password")).isTrue();
    assertThat(Settings.isSecret("llm.api_key_env")).isFalse();
    assertThat(Settings.isSecret("server.max_embedding_tokens_per_request")).isFalse();
    assertThatThrownBy(() -> Setting.optional("llm.api_key", SettingType.string(), "k"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aKeyGivenTwiceIsRefused() {
    assertThat(
            error(
                () ->
                    resolve(
                        List.of(
                            ConfigEntry.scalar("server.port", "1", 1),
                            ConfigEntry.scalar("server.port", "2", 4)),
                        Map.of())))
        .isEqualTo("grounded.yaml:4: key 'server.port': given twice");
  }

  @Test
  void durationsTakeUnitsAndABareNumberIsSeconds() {
    SettingType<Duration> t = SettingType.duration(Duration.ZERO, Duration.ofHours(1));
    assertThat(t.parse("20")).isEqualTo(Duration.ofSeconds(20));
    assertThat(t.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(t.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(t.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(t.format(Duration.ofMinutes(2))).isEqualTo("2m");
    assertThatThrownBy(() -> t.parse("20 years")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSettingIsRegisteredOnce() {
    assertThatThrownBy(
            () -> settings.add(Setting.of("server.port", SettingType.integer(0, 1), 0, "again")))
        .isInstanceOf(IllegalStateException.class);
    assertThat(port.env()).containsExactly("GROUNDED_SERVER_PORT");
  }
}
