package dev.grounded.audit.log;

import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.ledger.CallObserver;
import dev.grounded.gateway.ledger.LedgerEntry;
import java.io.PrintStream;
import java.util.List;
import java.util.Objects;

/**
 * Audits the gateway's model calls: one {@code chat} record per call the ledger records, with the
 * same tokens, cost and outcome, what the guardrails did, and keyed hashes of the messages as the
 * caller sent them and of the answer (made when the record is written, on the writer's thread: see
 * {@link AuditEntry}). Install with {@code LedgerInterceptor.withObserver(gatewayAudit)}.
 */
public final class GatewayAudit implements CallObserver {
  private final AuditSink sink;
  private final PrintStream errors;

  public GatewayAudit(AuditSink sink, PrintStream errors) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.errors = Objects.requireNonNull(errors, "errors");
  }

  @Override
  public void recorded(ChatRequest request, LedgerEntry e, String answer) {
    try {
      String input = request.messages().toString();
      String prompt = request.metadata().notes().prompt();
      AuditRecord r =
          new AuditRecord(
              e.at(),
              "chat",
              e.tenant(),
              e.keyId(),
              e.user(),
              e.cached() ? "cache" : e.provider(),
              prompt,
              e.alias(),
              e.model(),
              List.of(),
              request.metadata().notes().guard(),
              e.cached(),
              e.tokensIn(),
              e.tokensOut(),
              e.costMicros(),
              e.outcome(),
              e.requestId(),
              "", // the keyed hashes of input and answer: made by the log's writer, off this thread
              "");
      sink.record(new AuditEntry(r, input, answer));
    } catch (RuntimeException x) {
      // the call is answered already: say the record is lost rather than fail it
      errors.println("grounded: cannot audit request " + e.requestId() + ": " + x.getMessage());
      errors.flush();
    }
  }
}
