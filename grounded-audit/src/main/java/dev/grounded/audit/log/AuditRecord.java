package dev.grounded.audit.log;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the audit log keeps of one request: who (tenant, key, user), what (kind, route, prompt,
 * model), from which sources, what the guardrails found, and how it ended. Texts are never part of
 * a record: {@code inputHash} and {@code outputHash} are keyed hashes of the prompt and the answer
 * ({@link TextHasher}), and the texts themselves are kept apart, by policy, where a deletion can
 * remove them without breaking the chain.
 *
 * @param kind {@code chat} (a model call through the gateway), {@code ask} (a grounded answer),
 *     {@code deletion} (data was forgotten), or another word a caller chose
 * @param route where the request came in: an HTTP route template or a CLI command
 * @param prompt the registered prompt and version used ({@code name@3}), empty when none
 * @param model the model asked for (an alias or a {@code rag:} name)
 * @param upstream the upstream model that answered, empty when none did (a cache hit, a refusal)
 * @param sources the chunks the answer cited, with their documents' versions
 * @param findings what the guardrails did: {@code action:type} ({@code redact:pii.email})
 * @param outcome {@code ok}, {@code abstained}, or an error code ({@code guard_blocked})
 */
public record AuditRecord(
    Instant at,
    String kind,
    String tenant,
    String keyId,
    String user,
    String route,
    String prompt,
    String model,
    String upstream,
    List<Source> sources,
    List<String> findings,
    boolean cached,
    long tokensIn,
    long tokensOut,
    long costMicros,
    String outcome,
    String requestId,
    String inputHash,
    String outputHash) {
  public AuditRecord {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(upstream, "upstream");
    sources = List.copyOf(sources);
    findings = List.copyOf(findings);
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(inputHash, "inputHash");
    Objects.requireNonNull(outputHash, "outputHash");
    if (kind.isBlank()) throw new IllegalArgumentException("kind must not be blank");
    if (outcome.isBlank()) throw new IllegalArgumentException("outcome must not be blank");
    if (tokensIn < 0 || tokensOut < 0 || costMicros < 0)
      throw new IllegalArgumentException("tokens and cost must be >= 0");
  }

  /**
   * A cited chunk: its collection, document, the document's version and content hash when the
   * answer was made, and the cited range of the document's text.
   */
  public record Source(
      String collection,
      String documentId,
      long version,
      String contentHash,
      int chunk,
      int start,
      int end) {
    public Source {
      Objects.requireNonNull(collection, "collection");
      Objects.requireNonNull(documentId, "documentId");
      Objects.requireNonNull(contentHash, "contentHash");
    }
  }
}
