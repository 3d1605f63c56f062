package dev.grounded.gateway.structured;

import dev.grounded.gateway.chain.GatewayEvent.OutputChecked.Outcome;
import dev.grounded.guard.json.Fix;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the structured-output stage since it was built: requests by {@link Outcome}, re-asks
 * made, and repairs by {@link Fix} (in the replies kept). Thread-safe; read by tests, the bench and
 * metrics.
 */
public final class StructuredOutputStats {
  private final Map<Outcome, LongAdder> outcomes = new EnumMap<>(Outcome.class);
  private final Map<Fix, LongAdder> fixes = new EnumMap<>(Fix.class);
  private final LongAdder reasks = new LongAdder();

  public StructuredOutputStats() {
    for (Outcome o : Outcome.values()) outcomes.put(o, new LongAdder());
    for (Fix f : Fix.values()) fixes.put(f, new LongAdder());
  }

  void record(Outcome outcome, int reasked, Set<Fix> mended) {
    outcomes.get(outcome).increment();
    reasks.add(reasked);
    for (Fix f : mended) fixes.get(f).increment();
  }

  /** Requests that ended with {@code outcome}. */
  public long count(Outcome outcome) {
    return outcomes.get(outcome).sum();
  }

  /** Requests checked, all outcomes. */
  public long requests() {
    return outcomes.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Re-asks made (a request asked again twice counts two). */
  public long reasks() {
    return reasks.sum();
  }

  /** Kept replies in which {@code fix} was needed. */
  public long fixes(Fix fix) {
    return fixes.get(fix).sum();
  }

  /** {@code requests=… valid=… repaired=… reasked=… failed=… reasks=… fixes={…}}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("requests=").append(requests());
    for (Outcome o : Outcome.values())
      b.append(' ')
          .append(o.name().toLowerCase(java.util.Locale.ROOT))
          .append('=')
          .append(count(o));
    b.append(" reasks=").append(reasks()).append(" fixes={");
    String sep = "";
    for (Fix f : Fix.values())
      if (fixes(f) > 0) {
        b.append(sep).append(f).append('=').append(fixes(f));
        sep = ", ";
      }
    return b.append('}').toString();
  }
}
