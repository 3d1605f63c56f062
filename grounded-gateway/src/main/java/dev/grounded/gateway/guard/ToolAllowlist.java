package dev.grounded.gateway.guard;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which tools a caller may use through the gateway. Each rule names tenants and keys (empty: any)
 * and the tool names it allows ({@code *} as a wildcard: {@code search_*}). A caller matched by no
 * rule is unrestricted; a caller matched by some may use the tools any of them allows.
 */
public record ToolAllowlist(List<Rule> rules) {
  public static final ToolAllowlist NONE = new ToolAllowlist(List.of());

  /**
   * @param name the rule's name, for messages
   * @param tenants the tenants it applies to; empty: all
   * @param keys the API key ids it applies to; empty: all
   * @param allow tool names or globs it allows
   */
  public record Rule(String name, Set<String> tenants, Set<String> keys, List<String> allow) {
    public Rule {
      Objects.requireNonNull(name, "name");
      tenants = Set.copyOf(tenants);
      keys = Set.copyOf(keys);
      allow = List.copyOf(allow);
    }

    boolean covers(String tenant, String keyId) {
      return (tenants.isEmpty() || tenants.contains(tenant))
          && (keys.isEmpty() || keys.contains(keyId));
    }
  }

  public ToolAllowlist {
    rules = List.copyOf(rules);
  }

  /** The globs the caller may use, empty when no rule restricts it. */
  public Optional<List<String>> allowedFor(String tenant, String keyId) {
    List<Rule> matching = rules.stream().filter(r -> r.covers(tenant, keyId)).toList();
    if (matching.isEmpty()) return Optional.empty();
    TreeSet<String> globs = new TreeSet<>();
    for (Rule r : matching) globs.addAll(r.allow());
    return Optional.of(List.copyOf(globs));
  }

  static boolean allowed(List<String> globs, String tool) {
    for (String g : globs) if (dev.grounded.guard.GuardRule.glob(g, tool)) return true;
    return false;
  }
}
