package dev.grounded.core.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One configuration key: its name in {@code grounded.yaml} (e.g. {@code server.port}), its type,
 * its default (absent for settings that are off unless set), the environment variables that
 * override it (by default {@code GROUNDED_} + the key in upper case with dots as underscores) and a
 * one-line description for README and {@code grounded config show}.
 */
public record Setting<T>(
    String key, SettingType<T> type, Optional<T> defaultValue, List<String> env, String doc) {
  private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");

  public Setting {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(defaultValue, "defaultValue");
    Objects.requireNonNull(doc, "doc");
    if (!KEY.matcher(key).matches())
      throw new IllegalArgumentException("setting key must be lower_snake.dotted, not " + key);
    if (Settings.isSecret(key))
      throw new IllegalArgumentException(
          key + " names a secret: secrets come from the environment, never from grounded.yaml");
    env = List.copyOf(env.isEmpty() ? List.of(envName(key)) : env);
  }

  /** A setting with a default value. */
  public static <T> Setting<T> of(String key, SettingType<T> type, T defaultValue, String doc) {
    return new Setting<>(key, type, Optional.of(defaultValue), List.of(), doc);
  }

  /** A setting that is unset (off) unless the file, the environment or a flag gives it. */
  public static <T> Setting<T> optional(String key, SettingType<T> type, String doc) {
    return new Setting<>(key, type, Optional.empty(), List.of(), doc);
  }

  /** The same setting read from these environment variables instead (the first set one wins). */
  public Setting<T> withEnv(String... names) {
    return new Setting<>(key, type, defaultValue, List.of(names), doc);
  }

  /** {@code GROUNDED_SERVER_PORT} for {@code server.port}. */
  public static String envName(String key) {
    return "GROUNDED_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
  }

  /** The default as text ("" when there is none). */
  public String defaultText() {
    return defaultValue.map(type::format).orElse("");
  }
}
