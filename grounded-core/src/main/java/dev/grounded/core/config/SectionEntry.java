package dev.grounded.core.config;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One named entry of a {@link Section} as the file gave it, e.g. provider {@code openai}.
 *
 * @param name the user-chosen name
 * @param line the line of its first key, for errors about the entry as a whole
 * @param values the fields the file gave, parsed
 */
public record SectionEntry(Section section, String name, int line, Map<String, Object> values) {
  public SectionEntry {
    Objects.requireNonNull(section, "section");
    Objects.requireNonNull(name, "name");
    values = Map.copyOf(values);
  }

  /** The field's value, else its default; empty when neither exists. */
  @SuppressWarnings("unchecked")
  public <T> Optional<T> find(Setting<T> field) {
    if (section.field(field.key()).orElse(null) != field)
      throw new IllegalStateException(field.key() + " is not a field of " + section.prefix());
    Object v = values.get(field.key());
    return v != null ? Optional.of((T) v) : field.defaultValue();
  }

  /** A required field's value, or one with a default. */
  public <T> T get(Setting<T> field) {
    return find(field)
        .orElseThrow(
            () -> new IllegalStateException(field.key() + " is neither given nor default"));
  }
}
