package dev.grounded.core.config;

import dev.grounded.core.GroundedException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Collects a file's section keys into {@link SectionEntry}s for {@link Config#resolve}. */
final class SectionReader {
  private final String source;
  // prefix -> name -> (line, values)
  private final Map<String, Map<String, Partial>> byPrefix = new LinkedHashMap<>();

  private record Partial(Section section, String name, int line, Map<String, Object> values) {}

  SectionReader(String source) {
    this.source = source;
  }

  void add(Section section, ConfigEntry e, String where) {
    String rest = e.key().substring(section.prefix().length() + 1);
    Setting<?> field = null;
    String name = null;
    for (Setting<?> f : section.fields())
      if (rest.endsWith("." + f.key())) {
        field = f;
        name = rest.substring(0, rest.length() - f.key().length() - 1);
        break;
      }
    String fields = section.fields().stream().map(Setting::key).collect(Collectors.joining(", "));
    if (field == null)
      throw GroundedException.invalid(
          e.key(),
          where
              + "unknown key: a '"
              + section.prefix()
              + ".<name>' entry takes "
              + fields
              + "; see README's configuration table");
    if (!Section.NAME.matcher(name).matches())
      throw GroundedException.invalid(
          e.key(),
          where
              + "'"
              + name
              + "' is not a valid name: letters, digits and . _ : - (starting with a letter or"
              + " digit)");
    Partial p =
        byPrefix
            .computeIfAbsent(section.prefix(), k -> new LinkedHashMap<>())
            .computeIfAbsent(name, n -> new Partial(section, n, e.line(), new HashMap<>()));
    if (p.values().containsKey(field.key()))
      throw GroundedException.invalid(e.key(), where + "given twice");
    p.values().put(field.key(), Config.parse(field, e, where));
  }

  Map<String, List<SectionEntry>> finish() {
    Map<String, List<SectionEntry>> out = new HashMap<>();
    for (Map.Entry<String, Map<String, Partial>> bySection : byPrefix.entrySet()) {
      List<SectionEntry> entries = new ArrayList<>();
      for (Partial p : bySection.getValue().values()) {
        for (String r : p.section().fields().stream().map(Setting::key).toList())
          if (p.section().required().contains(r) && !p.values().containsKey(r))
            throw GroundedException.invalid(
                p.section().prefix() + "." + p.name(),
                source
                    + ":"
                    + p.line()
                    + ": '"
                    + p.section().prefix()
                    + "."
                    + p.name()
                    + "' needs '"
                    + r
                    + "'");
        entries.add(new SectionEntry(p.section(), p.name(), p.line(), p.values()));
      }
      out.put(bySection.getKey(), List.copyOf(entries));
    }
    return out;
  }
}
