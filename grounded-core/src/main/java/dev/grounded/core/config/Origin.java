package dev.grounded.core.config;

import java.util.Locale;

/** Where a setting's effective value came from, weakest first. */
public enum Origin {
  DEFAULT,
  FILE,
  ENV,
  FLAG;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
