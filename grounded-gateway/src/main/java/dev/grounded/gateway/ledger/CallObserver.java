package dev.grounded.gateway.ledger;

import dev.grounded.gateway.chain.ChatRequest;

/**
 * Told about each call the ledger records, with the request as the caller sent it and the text of
 * the answer (empty when there was none): what the audit log keeps. Called on the thread that ended
 * the call; must not block.
 */
@FunctionalInterface
public interface CallObserver {
  CallObserver NONE = (request, entry, answer) -> {};

  void recorded(ChatRequest request, LedgerEntry entry, String answer);
}
