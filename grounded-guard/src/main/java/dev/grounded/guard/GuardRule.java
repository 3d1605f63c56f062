package dev.grounded.guard;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One line of a {@link GuardPolicy}: findings it matches get its action. Every condition left empty
 * (or at its weakest) matches anything.
 *
 * @param name the rule's name, for messages and the record
 * @param types finding types or type prefixes ({@code pii} covers {@code pii.email}); empty: all
 * @param sources where the text came from; empty: all
 * @param tenants the tenants the rule applies to; empty: all
 * @param models model names or globs ({@code rag:*}, {@code gpt-4o*}); empty: all
 * @param minSeverity findings below it do not match
 * @param minScore findings scoring below it do not match
 * @param action what a matching finding gets
 */
public record GuardRule(
    String name,
    List<String> types,
    Set<Source> sources,
    Set<String> tenants,
    List<String> models,
    Severity minSeverity,
    double minScore,
    Action action) {
  public GuardRule {
    Objects.requireNonNull(name, "name");
    types = List.copyOf(types);
    sources = Set.copyOf(sources);
    tenants = Set.copyOf(tenants);
    models = List.copyOf(models);
    Objects.requireNonNull(minSeverity, "minSeverity");
    Objects.requireNonNull(action, "action");
    if (!(minScore >= 0 && minScore <= 1))
      throw new IllegalArgumentException("min_score " + minScore + " is not in [0, 1]");
  }

  /** A rule giving {@code action} to findings of {@code types} in texts from {@code sources}. */
  public static GuardRule of(String name, List<String> types, Set<Source> sources, Action action) {
    return new GuardRule(name, types, sources, Set.of(), List.of(), Severity.LOW, 0, action);
  }

  /** Whether {@code f}, found in a text from {@code source} of a call in {@code scope}, matches. */
  public boolean matches(Finding f, Source source, GuardScope scope) {
    return (types.isEmpty() || types.stream().anyMatch(f::isA))
        && (sources.isEmpty() || sources.contains(source))
        && (tenants.isEmpty() || tenants.contains(scope.tenant()))
        && (models.isEmpty() || models.stream().anyMatch(m -> glob(m, scope.model())))
        && f.severity().compareTo(minSeverity) >= 0
        && f.score() >= minScore;
  }

  /**
   * Whether {@code name} matches {@code pattern}, where {@code *} stands for any characters. A
   * linear scan (no regular expression is compiled): it runs for every finding of every request.
   */
  public static boolean glob(String pattern, String name) {
    int star = pattern.indexOf('*');
    if (star < 0) return pattern.equals(name);
    String[] parts = pattern.split("\\*", -1);
    String first = parts[0], last = parts[parts.length - 1];
    if (name.length() < first.length() + last.length()
        || !name.startsWith(first)
        || !name.endsWith(last)) return false;
    int at = first.length(), until = name.length() - last.length();
    for (int i = 1; i < parts.length - 1; i++) {
      int found = name.indexOf(parts[i], at);
      if (found < 0 || found + parts[i].length() > until) return false;
      at = found + parts[i].length();
    }
    return true;
  }
}
