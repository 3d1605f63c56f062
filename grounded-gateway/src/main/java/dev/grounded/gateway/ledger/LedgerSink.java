package dev.grounded.gateway.ledger;

/** Where ledger rows go: the {@link Ledger} itself, or a {@link LedgerWriter} batching for it. */
public interface LedgerSink {
  /** Records one call; never drops it. */
  void record(LedgerEntry entry);
}
