package dev.grounded.guard;

import java.util.Locale;

/** How serious a finding is, weakest first: policies compare them with {@link #compareTo}. */
public enum Severity {
  LOW,
  MEDIUM,
  HIGH;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Severity of(String name) {
    for (Severity s : values()) if (s.wireName().equalsIgnoreCase(name.trim())) return s;
    throw new IllegalArgumentException(
        "unknown severity '" + name + "': expected low, medium or high");
  }
}
