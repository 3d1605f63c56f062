package dev.grounded.core.config;

import dev.grounded.core.GroundedException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The effective configuration: for each registered setting, the environment's value, else the
 * file's, else the default (command-line flags, stronger still, are applied by the CLI). Built by
 * {@link #resolve}, which validates everything up front: an unknown key, a secret, a wrong type or
 * an out-of-range value fails with a message naming the file, the line and the key. Immutable.
 */
public final class Config {
  private final Settings settings;
  private final String source;
  private final Map<String, Object> values;
  private final Map<String, Origin> origins;
  private final Map<String, List<SectionEntry>> sections;

  private Config(
      Settings settings,
      String source,
      Map<String, Object> values,
      Map<String, Origin> origins,
      Map<String, List<SectionEntry>> sections) {
    this.settings = settings;
    this.source = source;
    this.values = Map.copyOf(values);
    this.origins = Map.copyOf(origins);
    this.sections = Map.copyOf(sections);
  }

  /** Only the defaults: no file, no environment. */
  public static Config defaults(Settings settings) {
    return resolve(settings, "", List.of(), Map.of());
  }

  /**
   * Validates {@code file}'s entries (read from {@code source}, e.g. {@code grounded.yaml}) and
   * {@code env} (the process environment, or a map in tests) against {@code settings}.
   *
   * @throws GroundedException invalid_request, its message naming the source, line and key
   */
  public static Config resolve(
      Settings settings, String source, List<ConfigEntry> file, Map<String, String> env) {
    Objects.requireNonNull(settings, "settings");
    Map<String, Object> values = new HashMap<>();
    Map<String, Origin> origins = new HashMap<>();
    SectionReader sectionReader = new SectionReader(source);
    for (ConfigEntry e : file) {
      String where = source + ":" + e.line() + ": key '" + e.key() + "': ";
      if (Settings.isSecret(e.key()))
        throw GroundedException.invalid(
            e.key(),
            where
                + "secrets are never read from the configuration file: set them in the"
                + " environment (e.g. OPENAI_API_KEY, named by llm.api_key_env)");
      if (settings.find(e.key()).isEmpty() && settings.section(e.key()).isPresent()) {
        sectionReader.add(settings.section(e.key()).get(), e, where);
        continue;
      }
      Setting<?> s =
          settings
              .find(e.key())
              .orElseThrow(
                  () ->
                      GroundedException.invalid(
                          e.key(),
                          where
                              + "unknown key"
                              + settings
                                  .suggest(e.key())
                                  .map(k -> " (did you mean '" + k + "'?)")
                                  .orElse("")
                              + "; see README's configuration table"));
      if (values.containsKey(s.key()))
        throw GroundedException.invalid(s.key(), where + "given twice");
      values.put(s.key(), parse(s, e, where));
      origins.put(s.key(), Origin.FILE);
    }
    for (Setting<?> s : settings.all()) {
      for (String var : s.env()) {
        String text = env.get(var);
        if (text == null || text.isBlank()) continue;
        String where = "environment " + var + ": key '" + s.key() + "': ";
        values.put(s.key(), parse(s, ConfigEntry.scalar(s.key(), text, 0), where));
        origins.put(s.key(), Origin.ENV);
        break;
      }
    }
    return new Config(settings, source, values, origins, sectionReader.finish());
  }

  static Object parse(Setting<?> s, ConfigEntry e, String where) {
    try {
      return e.list() ? s.type().parseList(e.values()) : s.type().parse(e.values().getFirst());
    } catch (IllegalArgumentException ex) {
      throw GroundedException.invalid(
          s.key(), where + "must be " + s.type().describe() + ", got " + e.shown());
    }
  }

  /** The setting's value; for settings that have a default. */
  public <T> T get(Setting<T> setting) {
    return find(setting)
        .orElseThrow(
            () -> new IllegalStateException(setting.key() + " has no default: use find()"));
  }

  /** The setting's value, empty when it is unset and has no default. */
  @SuppressWarnings("unchecked")
  public <T> Optional<T> find(Setting<T> setting) {
    requireRegistered(setting);
    Object v = values.get(setting.key());
    return v != null ? Optional.of((T) v) : setting.defaultValue();
  }

  /** The setting's value as text (the form a flag takes), "" when unset. */
  public <T> String text(Setting<T> setting) {
    return find(setting).map(setting.type()::format).orElse("");
  }

  /** Where the setting's value came from: the environment, the file or the default. */
  public Origin origin(Setting<?> setting) {
    requireRegistered(setting);
    return origins.getOrDefault(setting.key(), Origin.DEFAULT);
  }

  /**
   * The named entries the file gave for {@code section}, in file order, each complete (its required
   * fields given); none when the file has none.
   */
  public List<SectionEntry> entries(Section section) {
    if (settings.sections().stream().noneMatch(s -> s == section))
      throw new IllegalStateException(
          section.prefix() + " is not registered in this configuration");
    return sections.getOrDefault(section.prefix(), List.of());
  }

  /** The file the values were read from ("" for none). */
  public String source() {
    return source;
  }

  public Settings settings() {
    return settings;
  }

  private void requireRegistered(Setting<?> setting) {
    if (settings.find(setting.key()).orElse(null) != setting)
      throw new IllegalStateException(setting.key() + " is not registered in this configuration");
  }
}
