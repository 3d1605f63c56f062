package dev.grounded.core.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A family of keys under user-chosen names: {@code providers.<name>.base_url}, {@code
 * models.<alias>.provider}. Each name's keys are the section's {@code fields} (settings whose key
 * is the leaf, e.g. {@code base_url}); a key not among them is refused, and so is a name that lacks
 * one of the {@code required} fields. A name may contain dots ({@code models.gpt-4.1.provider}):
 * the field is matched at the key's end. Sections have no environment variables.
 *
 * @param prefix the first part of every key, e.g. {@code providers}
 * @param doc what one entry is, for README's table
 * @param fields the keys each entry may have, in README's order
 * @param required the fields every entry must give
 */
public record Section(String prefix, String doc, List<Setting<?>> fields, Set<String> required) {
  /** What a name may be: letters, digits and {@code . _ : -}, starting with a letter or digit. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

  public Section {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(doc, "doc");
    fields = List.copyOf(fields);
    required = Set.copyOf(required);
    if (fields.isEmpty()) throw new IllegalArgumentException("a section needs fields");
    List<String> names = fields.stream().map(Setting::key).toList();
    for (String r : required)
      if (!names.contains(r))
        throw new IllegalArgumentException("required field " + r + " is not a field of " + prefix);
    for (Setting<?> f : fields)
      if (f.key().contains("."))
        throw new IllegalArgumentException("a section field is one word, not " + f.key());
  }

  public Optional<Setting<?>> field(String name) {
    return fields.stream().filter(f -> f.key().equals(name)).findFirst();
  }

  /** Whether {@code key} belongs to this section ({@code <prefix>.<something>}). */
  boolean covers(String key) {
    return key.startsWith(prefix + ".");
  }

  /** How a field's key reads in README: {@code providers.<name>.base_url}. */
  public String pattern(Setting<?> field) {
    return prefix + ".<name>." + field.key();
  }
}
