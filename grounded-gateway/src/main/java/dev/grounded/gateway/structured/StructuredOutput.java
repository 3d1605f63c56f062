package dev.grounded.gateway.structured;

import dev.grounded.gateway.chain.GatewayListener;
import dev.grounded.gateway.chain.Interceptor;
import dev.grounded.guard.json.SchemaValidator;
import java.util.List;
import java.util.Objects;

/**
 * The structured-output stage of the gateway, configured: how many times a model is asked again for
 * a reply that does not match the request's {@code response_format}, the validator (and its cache
 * of compiled schemas) and the counters. {@link #stages} makes its two interceptors, which must sit
 * next to each other in the chain. Thread-safe; one instance per gateway.
 *
 * @param maxReasks re-asks after the first reply, from 0 (repair only) to 10
 * @param validator checks replies against the requests' schemas
 * @param stats counts the outcomes
 */
public record StructuredOutput(
    int maxReasks, SchemaValidator validator, StructuredOutputStats stats) {
  /** Re-asks by default: two more calls at most. */
  public static final int DEFAULT_REASKS = 2;

  public StructuredOutput {
    if (maxReasks < 0 || maxReasks > 10)
      throw new IllegalArgumentException("maxReasks must be from 0 to 10, not " + maxReasks);
    Objects.requireNonNull(validator, "validator");
    Objects.requireNonNull(stats, "stats");
  }

  /** {@link #DEFAULT_REASKS} re-asks, a fresh validator and counters. */
  public static StructuredOutput defaults() {
    return withReasks(DEFAULT_REASKS);
  }

  public static StructuredOutput withReasks(int maxReasks) {
    return new StructuredOutput(maxReasks, new SchemaValidator(), new StructuredOutputStats());
  }

  /** The stage's interceptors, outer first, reporting outcomes to {@code listener}. */
  public List<Interceptor> stages(GatewayListener listener) {
    return List.of(
        new StructuredOutputInterceptor(validator, maxReasks, stats, listener),
        new OutputCheckInterceptor(validator));
  }
}
