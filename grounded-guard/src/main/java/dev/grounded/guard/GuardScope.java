package dev.grounded.guard;

import java.util.Objects;

/**
 * The call a text belongs to, as far as policy cares.
 *
 * @param tenant the caller's tenant ({@code default} for the CLI and keyless calls)
 * @param model the model (or route) the call asked for: a gateway alias, {@code rag:<collection>},
 *     or {@code ask} for the CLI's offline answerer
 */
public record GuardScope(String tenant, String model) {
  public static final GuardScope CLI = new GuardScope("default", "ask");

  public GuardScope {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(model, "model");
  }
}
