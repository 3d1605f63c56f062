package dev.grounded.gateway.ledger;

import dev.grounded.core.GroundedException;
import dev.grounded.gateway.auth.Tenants;
import java.time.Instant;
import java.util.Objects;

/**
 * One model call as the ledger records it. {@code keyId} and {@code user} are empty when the call
 * had none; {@code alias} is the name the caller asked for and {@code model} the upstream model
 * that answered (or was tried); {@code cached} means Grounded's cache answered without an upstream
 * call; {@code outcome} is {@code ok} or an error code such as {@code upstream_error}.
 */
public record LedgerEntry(
    Instant at,
    String tenant,
    String keyId,
    String user,
    String alias,
    String provider,
    String model,
    long tokensIn,
    long tokensOut,
    boolean cached,
    long latencyMs,
    long costMicros,
    String outcome,
    String requestId) {
  /** The outcome of a call that succeeded. */
  public static final String OK = "ok";

  public LedgerEntry {
    Objects.requireNonNull(at, "at");
    Tenants.check(tenant);
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(requestId, "requestId");
    if (outcome.isEmpty()) throw GroundedException.invalid("outcome", "an outcome is required");
    if (tokensIn < 0 || tokensOut < 0 || latencyMs < 0 || costMicros < 0)
      throw GroundedException.invalid(
          "ledger", "tokens, latency and cost of a ledger entry must be >= 0");
  }
}
