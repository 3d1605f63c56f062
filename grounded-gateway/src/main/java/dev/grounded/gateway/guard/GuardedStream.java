package dev.grounded.gateway.guard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.chain.ChunkStream;
import dev.grounded.gateway.chain.Usage;
import dev.grounded.guard.Action;
import dev.grounded.guard.Finding;
import dev.grounded.guard.Verdict;
import dev.grounded.guard.redact.Redactor;
import dev.grounded.guard.redact.StreamingRestorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A streamed answer guarded as it arrives. The text of choice 0 is scanned incrementally: each scan
 * reads the newly arrived text with up to {@link #CONTEXT} characters already sent before it, so a
 * scan costs the same however long the answer grows. The last {@code holdBack} characters are kept
 * back until more text (or the end) arrives, so a span to redact is usually found before it is
 * sent. A block ends the stream: {@link #next()} throws {@code guard_blocked} once, which the
 * server sends as a clean error event. Chunks without text (role, tool calls, usage) pass through.
 */
final class GuardedStream implements ChunkStream {
  /** Characters already sent that a scan reads before the new text, for context. */
  static final int CONTEXT = 256;

  /** New characters that trigger a scan before the hold-back is released. */
  static final int STEP = 32;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ChunkStream inner;
  private final Function<String, Verdict> check;
  private final int holdBack;
  private final StringBuilder sent = new StringBuilder(); // the last CONTEXT characters sent
  private final StringBuilder pending = new StringBuilder();
  private int unscanned;
  private ObjectNode last; // the last content chunk, the template for a final flush
  private boolean done;

  private final StreamingRestorer restorer; // null: nothing was pseudonymized

  /**
   * @param restorer puts pseudonymized values back into the text as it arrives, before it is
   *     scanned; null when the request had none
   */
  GuardedStream(
      ChunkStream inner,
      Function<String, Verdict> check,
      int holdBack,
      StreamingRestorer restorer) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.check = Objects.requireNonNull(check, "check");
    this.holdBack = holdBack;
    this.restorer = restorer;
  }

  @Override
  public Optional<String> next() {
    if (done) return Optional.empty();
    Optional<String> next;
    try {
      next = inner.next();
    } catch (GroundedException e) {
      done = true;
      throw e;
    }
    if (next.isEmpty()) return finish();
    ObjectNode chunk = parse(next.get());
    if (chunk == null) return next;
    JsonNode choice = chunk.path("choices").path(0);
    JsonNode content = choice.path("delta").path("content");
    boolean finishing =
        !choice.path("finish_reason").isMissingNode() && !choice.path("finish_reason").isNull();
    if (!content.isTextual() && !finishing) return next;
    if (content.isTextual()) {
      String arrived = restorer == null ? content.asText() : restorer.feed(content.asText());
      if (finishing && restorer != null) arrived += restorer.finish();
      pending.append(arrived);
      unscanned += arrived.length();
      last = chunk;
    } else if (finishing && restorer != null) pending.append(restorer.finish());
    String release;
    if (finishing) {
      scan();
      release = takePending(pending.length());
    } else {
      if (unscanned >= STEP || holdBack == 0) scan();
      release = takePending(Math.max(0, pending.length() - holdBack));
    }
    if (content.isTextual() ? release.equals(content.asText()) : release.isEmpty()) return next;
    if (!(choice instanceof ObjectNode c)) return next; // not a chat chunk: nothing to rewrite
    ObjectNode delta =
        c.path("delta") instanceof ObjectNode d ? d : c.putObject("delta"); // a bare final chunk
    delta.put("content", release);
    return Optional.of(chunk.toString());
  }

  /** The upstream ended: what is still held back goes out in one last chunk. */
  private Optional<String> finish() {
    done = true;
    if (restorer != null) pending.append(restorer.finish());
    if (pending.isEmpty() || last == null) return Optional.empty();
    scan();
    ObjectNode flush = last.deepCopy();
    if (flush.path("choices").path(0) instanceof ObjectNode choice) {
      ObjectNode delta =
          choice.path("delta") instanceof ObjectNode d ? d : choice.putObject("delta");
      delta.put("content", takePending(pending.length()));
    }
    return Optional.of(flush.toString());
  }

  /** Scans the new text in its context; redacts what is still unsent, throws on a block. */
  private void scan() {
    unscanned = 0;
    if (pending.isEmpty()) return;
    String context = sent.toString();
    String window = context + pending;
    Verdict v = check.apply(window);
    if (v.blocked()) {
      done = true;
      inner.close();
      throw GuardInterceptor.blockedOutput(v);
    }
    List<Finding> redact = new ArrayList<>();
    for (Verdict.Decision d : v.decisions()) {
      Finding f = d.finding();
      if (d.action() != Action.REDACT || f.end() <= context.length()) continue;
      int start = Math.max(f.start(), context.length()) - context.length();
      redact.add(
          new Finding(
              f.type(), start, f.end() - context.length(), f.score(), f.severity(), f.detector()));
    }
    if (!redact.isEmpty()) {
      String redacted = Redactor.redact(pending.toString(), redact);
      pending.setLength(0);
      pending.append(redacted);
    }
  }

  private String takePending(int n) {
    String out = pending.substring(0, n);
    pending.delete(0, n);
    sent.append(out);
    if (sent.length() > CONTEXT) sent.delete(0, sent.length() - CONTEXT);
    return out;
  }

  private static ObjectNode parse(String payload) {
    try {
      return JSON.readTree(payload) instanceof ObjectNode o ? o : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  @Override
  public Optional<Usage> usage() {
    return inner.usage();
  }

  @Override
  public void close() {
    done = true;
    inner.close();
  }
}
