package dev.grounded.guard;

import java.util.Locale;

/** Where a scanned text comes from; a policy may treat each differently. */
public enum Source {
  /** What the user (or client) sent: a question, a chat message. */
  INPUT,
  /** A chunk retrieved from a collection, on its way into a prompt (indirect injection). */
  CHUNK,
  /** What a model (or the extractive answerer) returned. */
  OUTPUT,
  /** A document's text at ingest. */
  DOCUMENT;

  /** The wire and configuration name, e.g. {@code chunk}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The source named {@code name} (case-insensitive), or an exception naming the valid ones. */
  public static Source of(String name) {
    for (Source s : values()) if (s.wireName().equalsIgnoreCase(name.trim())) return s;
    throw new IllegalArgumentException(
        "unknown source '" + name + "': expected input, chunk, output or document");
  }
}
