package dev.grounded.core.config;

import java.util.List;
import java.util.Objects;

/**
 * One key as a configuration file states it: a scalar's text, or a sequence's items ({@code list}
 * true), and the line it is on (1-based) for error messages.
 */
public record ConfigEntry(String key, List<String> values, boolean list, int line) {
  public ConfigEntry {
    Objects.requireNonNull(key, "key");
    values = List.copyOf(values);
    if (!list && values.size() != 1)
      throw new IllegalArgumentException("a scalar entry has exactly one value");
  }

  public static ConfigEntry scalar(String key, String value, int line) {
    return new ConfigEntry(key, List.of(value), false, line);
  }

  public static ConfigEntry sequence(String key, List<String> items, int line) {
    return new ConfigEntry(key, items, true, line);
  }

  /** How the value reads in an error message. */
  String shown() {
    return list ? "a list" : '"' + values.getFirst() + '"';
  }
}
