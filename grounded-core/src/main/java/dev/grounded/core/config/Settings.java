package dev.grounded.core.config;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The registry of every configuration key, in the order README lists them. An application declares
 * each setting once with {@link #add}, typically as a constant: {@code static final
 * Setting<Integer> PORT = SETTINGS.add(Setting.of("server.port", SettingType.integer(0, 65535),
 * 8080, "Port"))}. Registration happens in static initialisers; reading is thread-safe afterwards.
 */
public final class Settings {
  /** Keys that name secrets: they are refused in files and cannot be registered. */
  private static final Pattern SECRET =
      Pattern.compile("(^|[._])(api_?key|apikey|secret|password|passwd|token|credentials?)$");

  private final Map<String, Setting<?>> byKey = new LinkedHashMap<>();
  private final Map<String, Section> sections = new LinkedHashMap<>();

  /** Registers {@code setting}; a key registered twice is a programming error. */
  public synchronized <T> Setting<T> add(Setting<T> setting) {
    if (byKey.putIfAbsent(setting.key(), setting) != null)
      throw new IllegalStateException("setting " + setting.key() + " is registered twice");
    return setting;
  }

  /** Registers {@code section}; its prefix must not be registered twice. */
  public synchronized Section addSection(Section section) {
    if (sections.putIfAbsent(section.prefix(), section) != null)
      throw new IllegalStateException("section " + section.prefix() + " is registered twice");
    return section;
  }

  /** Every section, in registration order. */
  public Collection<Section> sections() {
    return Collections.unmodifiableCollection(sections.values());
  }

  /** The section {@code key} belongs to ({@code providers.openai.base_url}: providers). */
  public Optional<Section> section(String key) {
    return sections.values().stream().filter(s -> s.covers(key)).findFirst();
  }

  public Optional<Setting<?>> find(String key) {
    return Optional.ofNullable(byKey.get(key));
  }

  /** Every setting, in registration order. */
  public Collection<Setting<?>> all() {
    return Collections.unmodifiableCollection(byKey.values());
  }

  /** True for keys that name a secret ({@code llm.api_key}, {@code db.password}, …). */
  public static boolean isSecret(String key) {
    return SECRET.matcher(key).find();
  }

  /** The registered key closest to a misspelt one, if any is close enough to suggest. */
  public Optional<String> suggest(String key) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : byKey.keySet()) {
      int d = distance(key, k);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    int tolerance = Math.max(2, key.length() / 4);
    if (best != null && bestDistance <= tolerance) return Optional.of(best);
    String leaf = key.substring(key.lastIndexOf('.') + 1);
    return byKey.keySet().stream()
        .filter(k -> k.endsWith("." + leaf) || k.equals(leaf))
        .findFirst();
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
