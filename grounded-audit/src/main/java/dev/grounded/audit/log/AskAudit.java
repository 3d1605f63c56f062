package dev.grounded.audit.log;

import dev.grounded.core.Answer;
import dev.grounded.core.Citation;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Audits grounded answers: one {@code ask} record per question, naming each cited chunk with its
 * document's version and content hash, what the guardrails did, and keyed hashes of the question
 * and the answer.
 */
public final class AskAudit {
  /** A document's version and content hash as the manifest has them now. */
  public record Version(long version, String contentHash) {}

  /** Looks up a document of a collection (by its key) in the manifest. */
  @FunctionalInterface
  public interface Versions {
    Optional<Version> of(String collectionKey, String documentId);
  }

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

  public static final AskAudit NONE =
      new AskAudit(
          AuditSink.NONE,
          new TextHasher(new byte[16]),
          (c, d) -> Optional.empty(),
          Clock.systemUTC(),
          System.err);

  private final AuditSink sink;
  private final TextHasher hasher;
  private final Versions versions;
  private final Clock clock;
  private final PrintStream errors;

  public AskAudit(
      AuditSink sink, TextHasher hasher, Versions versions, Clock clock, PrintStream errors) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.versions = Objects.requireNonNull(versions, "versions");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.errors = Objects.requireNonNull(errors, "errors");
  }

  /**
   * Records an answer, or a failure ({@code answer} null, {@code outcome} its error code).
   *
   * @param collection the collection's name as the caller knows it
   * @param collectionKey its key in the manifest
   * @param model the {@code rag:} model, or the model alias that wrote the answer
   * @param findings what the guardrails did ({@code action:type})
   */
  public void asked(
      Caller caller,
      String collection,
      String collectionKey,
      String model,
      String question,
      Answer answer,
      String outcome,
      Set<String> findings) {
    if (sink == AuditSink.NONE) return;
    try {
      List<AuditRecord.Source> sources = new ArrayList<>();
      String text = "";
      if (answer != null) {
        text = answer.text();
        Set<String> seen = new LinkedHashSet<>();
        for (Citation c : answer.citations()) {
          if (!seen.add(c.chunk().id() + ":" + c.start() + ":" + c.end())) continue;
          Optional<Version> v = versions.of(collectionKey, c.chunk().documentId());
          int base = c.chunk().location().start();
          sources.add(
              new AuditRecord.Source(
                  collection,
                  c.chunk().documentId(),
                  v.map(Version::version).orElse(0L),
                  v.map(Version::contentHash).orElse(""),
                  c.chunk().ordinal(),
                  base + c.start(),
                  base + c.end()));
        }
      }
      AuditRecord r =
          new AuditRecord(
              clock.instant(),
              "ask",
              caller.tenant(),
              caller.keyId(),
              caller.user(),
              caller.route(),
              "",
              model,
              "",
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
      sink.record(new AuditEntry(r, question, text));
    } catch (RuntimeException x) {
      errors.println(
          "grounded: cannot audit request " + caller.requestId() + ": " + x.getMessage());
      errors.flush();
    }
  }
}
