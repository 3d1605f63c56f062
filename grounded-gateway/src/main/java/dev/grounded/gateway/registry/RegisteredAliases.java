package dev.grounded.gateway.registry;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.RequestMetadata;
import dev.grounded.gateway.routing.Alias;
import dev.grounded.gateway.routing.AliasDefinition;
import dev.grounded.gateway.routing.AliasOverrides;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The registry's alias versions as the router's overrides: a request for a configured alias gets
 * the version its tenant's label points at: the label the request names in the header {@value
 * #LABEL_HEADER}, else {@code production}; with a split, by the request's subject ({@link
 * Rollout#subject}). Without such a label the configured alias applies. The version used is noted
 * on the request ({@link dev.grounded.gateway.chain.CallNotes#aliasVersion}).
 */
public final class RegisteredAliases implements AliasOverrides {
  /** The request header naming the alias label to use (default {@code production}). */
  public static final String LABEL_HEADER = "x-grounded-model-label";

  private final Registry registry;
  private final Set<String> providers;

  /**
   * @param providers the configured providers: a version naming another is refused when used
   */
  public RegisteredAliases(Registry registry, Set<String> providers) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.providers = Set.copyOf(providers);
  }

  @Override
  public Optional<Alias> find(String name, ChatRequest request) {
    RequestMetadata m = request.metadata();
    String label = m.header(LABEL_HEADER).map(String::strip).orElse("");
    if (!Registry.isName(name)) return Optional.empty(); // configured names may be any text
    Optional<Resolved> r =
        registry.resolve(
            m.tenant(),
            Kind.MODEL,
            name,
            Optional.empty(),
            label,
            Rollout.subject(m.user(), m.keyId(), m.requestId()));
    if (r.isEmpty()) return Optional.empty();
    String ref = r.get().version().ref();
    Alias alias = AliasDefinition.of(name, r.get().version().body());
    for (String p : AliasDefinition.providers(alias))
      if (!providers.contains(p))
        throw new GroundedException(
            ErrorCode.UPSTREAM_ERROR,
            "alias "
                + ref
                + " names provider '"
                + p
                + "', which this server does not configure; point the label at another version"
                + " or roll it back (grounded aliases rollback "
                + name
                + ")");
    m.notes().aliasVersion(ref);
    return Optional.of(alias);
  }
}
