package dev.grounded.audit.log;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.audit.provenance.Provenance;
import dev.grounded.audit.review.ReviewStore;
import dev.grounded.core.Answer;
import dev.grounded.core.Citation;
import dev.grounded.gateway.chain.GatewayEvent;
import dev.grounded.gateway.chain.GatewayListener;
import dev.grounded.guard.provenance.SigningKey;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Audits grounded answers: one {@code ask} record per question, naming each cited chunk with its
 * document's version and content hash, what the guardrails did, and keyed hashes of the question
 * and the answer; and signs the answer's {@link Provenance} record, which the log keeps beside it.
 */
public final class AskAudit {
  /**
   * Who asked.
   *
   * @param route where the question came in ({@code /v1/chat/completions}, {@code cli ask})
   */
  public record Caller(String requestId, String tenant, String keyId, String user, String route) {
    public Caller {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(tenant, "tenant");
      Objects.requireNonNull(keyId, "keyId");
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(route, "route");
    }
  }

  /**
   * A listener that adds what the guardrails did ({@code action:type}, allowing left out) to {@code
   * findings} for the ask's record, and passes every event on to {@code next}.
   */
  public static GatewayListener collecting(Set<String> findings, GatewayListener next) {
    return event -> {
      if (event instanceof GatewayEvent.GuardActed g && !g.action().equals("allow"))
        for (String type : g.types()) findings.add(g.action() + ":" + type);
      next.onEvent(event);
    };
  }

  /** Records nothing and signs nothing. */
  public static final AskAudit NONE =
      new AskAudit(
          AuditSink.NONE,
          new TextHasher(new byte[16]),
          null,
          (t, c, d) -> Optional.empty(),
          Clock.systemUTC(),
          System.err);

  private final AuditSink sink;
  private final TextHasher hasher;
  private final SigningKey key;
  private final Provenance.Documents documents;
  private final Clock clock;
  private final PrintStream errors;
  private final ReviewStore reviews;

  /**
   * @param key signs provenance records (the instance's key); null for none
   */
  public AskAudit(
      AuditSink sink,
      TextHasher hasher,
      SigningKey key,
      Provenance.Documents documents,
      Clock clock,
      PrintStream errors) {
    this(sink, hasher, key, documents, clock, errors, null);
  }

  private AskAudit(
      AuditSink sink,
      TextHasher hasher,
      SigningKey key,
      Provenance.Documents documents,
      Clock clock,
      PrintStream errors,
      ReviewStore reviews) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.key = key;
    this.documents = Objects.requireNonNull(documents, "documents");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.errors = Objects.requireNonNull(errors, "errors");
    this.reviews = reviews;
  }

  /**
   * The same audit, also putting answers in {@code store}'s review queue when the guardrails
   * blocked the question or withheld a chunk, or when the citation check dropped sentences of the
   * draft.
   */
  public AskAudit withReviews(ReviewStore store) {
    return new AskAudit(sink, hasher, key, documents, clock, errors, store);
  }

  /**
   * Records an answer, or a failure ({@code answer} null, {@code outcome} its error code); returns
   * the answer's signed provenance record (empty for a failure or when nothing is signed).
   *
   * @param collection the collection's name as the caller knows it
   * @param collectionVersion the content version of the index commit the answer was read from
   * @param generator the model alias that wrote the answer, empty for the offline answerer
   * @param prompt the registered prompt it was written with ({@code grounded.answer@2}), empty for
   *     none
   * @param answer the answer, null for a failure
   * @param draft the answer before the citation check (the same when it dropped nothing)
   * @param findings what the guardrails did ({@code action:type})
   */
  public Optional<ObjectNode> asked(
      Caller caller,
      String collection,
      String collectionVersion,
      String generator,
      String prompt,
      String question,
      Answer answer,
      Answer draft,
      String outcome,
      Set<String> findings) {
    String model = "rag:" + collection;
    if (sink == AuditSink.NONE && key == null) return Optional.empty();
    try {
      Instant now = clock.instant();
      List<AuditRecord.Source> sources = new ArrayList<>();
      String text = "";
      ObjectNode provenance = null;
      if (answer != null) {
        text = answer.text();
        // each cited document looked up in the manifest once, for the record and the provenance
        Map<String, Optional<Provenance.DocumentVersion>> looked = new HashMap<>();
        Provenance.Documents once =
            (t, c, doc) -> looked.computeIfAbsent(doc, d -> documents.of(t, c, d));
        Set<String> seen = new LinkedHashSet<>();
        for (Citation c : answer.citations()) {
          if (!seen.add(c.chunk().id() + ":" + c.start() + ":" + c.end())) continue;
          Optional<Provenance.DocumentVersion> v =
              once.of(caller.tenant(), collection, c.chunk().documentId());
          int base = c.chunk().location().start();
          sources.add(
              new AuditRecord.Source(
                  collection,
                  c.chunk().documentId(),
                  v.map(Provenance.DocumentVersion::version).orElse(0L),
                  v.map(Provenance.DocumentVersion::contentHash).orElse(""),
                  c.chunk().ordinal(),
                  base + c.start(),
                  base + c.end()));
        }
        if (key != null)
          provenance =
              Provenance.sign(
                  new Provenance.Origin(
                      caller.requestId(),
                      caller.tenant(),
                      collection,
                      collectionVersion,
                      model,
                      generator,
                      prompt),
                  question,
                  answer,
                  once,
                  now,
                  key);
      }
      AuditRecord r =
          new AuditRecord(
              now,
              "ask",
              caller.tenant(),
              caller.keyId(),
              caller.user(),
              caller.route(),
              prompt,
              model,
              generator,
              sources,
              List.copyOf(new java.util.TreeSet<>(findings)),
              false,
              0,
              0,
              0,
              answer != null && answer.abstained() ? "abstained" : outcome,
              caller.requestId(),
              hasher.hash(question),
              hasher.hash(text));
      sink.record(
          new AuditEntry(r, question, text, provenance == null ? "" : provenance.toString()));
      if (reviews != null) review(caller, collection, question, answer, draft, findings, now);
      return Optional.ofNullable(provenance);
    } catch (RuntimeException x) {
      errors.println(
          "grounded: cannot audit request " + caller.requestId() + ": " + x.getMessage());
      errors.flush();
      return Optional.empty();
    }
  }

  private void review(
      Caller caller,
      String collection,
      String question,
      Answer answer,
      Answer draft,
      Set<String> findings,
      Instant now) {
    String text = answer == null ? "" : answer.text();
    List<String> blocks = findings.stream().filter(f -> f.startsWith("block:")).sorted().toList();
    if (!blocks.isEmpty())
      reviews.enqueue(
          now,
          caller.tenant(),
          caller.requestId(),
          collection,
          "guard",
          String.join(", ", blocks),
          question,
          text);
    if (answer != null && draft != null && draft != answer) {
      int drafted = draft.citations().size(), kept = answer.citations().size();
      if (kept < drafted || (!draft.abstained() && answer.abstained()))
        reviews.enqueue(
            now,
            caller.tenant(),
            caller.requestId(),
            collection,
            "citation",
            (drafted - kept) + " of " + drafted + " citations failed the check",
            question,
            text);
    }
  }
}
