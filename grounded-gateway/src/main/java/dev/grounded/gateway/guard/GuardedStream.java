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
import dev.grounded.guard.redact.Pseudonymized;
import dev.grounded.guard.redact.Redactor;
import dev.grounded.guard.redact.StreamingRestorer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A streamed answer guarded as it arrives, every choice on its own. Each chunk's release scans the
 * unsent text with up to {@link #CONTEXT} characters already sent before it, so a scan costs the
 * same however long the answer grows. The last {@code holdBack} characters, and any span to hide
 * that may still grow, are kept back until more text (or the end) arrives, so a span is hidden
 * whole whenever the hold-back is at least as long as its shortest form. A block ends the stream:
 * {@link #next()} throws {@code guard_blocked} once, which the server sends as a clean error event.
 * Chunks without text (role, tool calls, usage) pass through. One consumer thread, as for any
 * {@link ChunkStream}.
 */
final class GuardedStream implements ChunkStream {
  /** Characters already sent that a scan reads before the new text, for context. */
  static final int CONTEXT = 256;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ChunkStream inner;
  private final Function<String, Verdict> check;
  private final int holdBack;
  private final Pseudonymized mapping; // null: nothing was pseudonymized
  private final Map<Integer, Choice> choices = new TreeMap<>();
  private final ArrayDeque<String> flushes = new ArrayDeque<>(); // last chunks, one per choice
  private boolean done;

  /** The guarded text of one choice (a request with {@code n > 1} streams several). */
  private final class Choice {
    final StringBuilder sent = new StringBuilder(); // the last CONTEXT characters sent
    final StringBuilder pending = new StringBuilder();
    final StreamingRestorer restorer = mapping == null ? null : mapping.streaming();
    ObjectNode last; // the last content chunk, the template for a final flush

    /** Text of this choice arrived ({@code ""} with the finishing chunk when it carries none). */
    void arrive(String text, boolean finishing) {
      pending.append(restorer == null ? text : restorer.feed(text));
      if (finishing && restorer != null) pending.append(restorer.finish());
    }

    /**
     * Scans the unsent text in its context (throws on a block) and takes what may be sent: up to
     * {@code limit} characters, fewer when a span to hide reaches past that point (a span that
     * reaches the end of what has arrived may still grow, so it is held back whole), with every
     * span to hide in it replaced. Unsent text stays as it arrived, so a span is judged whole.
     */
    String release(int limit) {
      if (pending.isEmpty()) return "";
      String context = sent.toString();
      Verdict v = check.apply(context + pending);
      if (v.blocked()) {
        done = true;
        inner.close();
        throw GuardInterceptor.blockedOutput(v);
      }
      List<Finding> hide = new ArrayList<>();
      for (Verdict.Decision d : v.decisions()) {
        Finding f = d.finding();
        boolean hides = d.action() == Action.REDACT || d.action() == Action.PSEUDONYMIZE;
        if (!hides || f.end() <= context.length()) continue;
        int start = Math.max(f.start(), context.length()) - context.length();
        hide.add(
            new Finding(
                f.type(),
                start,
                f.end() - context.length(),
                f.score(),
                f.severity(),
                f.detector()));
      }
      int cut = Math.max(0, Math.min(limit, pending.length()));
      for (boolean moved = true; moved; ) {
        moved = false;
        for (Finding f : hide)
          if (f.start() < cut && f.end() > cut) {
            cut = f.start();
            moved = true;
          }
      }
      List<Finding> inside = new ArrayList<>();
      for (Finding f : hide) if (f.end() <= cut) inside.add(f);
      String out = Redactor.redact(pending.substring(0, cut), inside);
      pending.delete(0, cut);
      sent.append(out);
      if (sent.length() > CONTEXT) sent.delete(0, sent.length() - CONTEXT);
      return out;
    }

    /** What is still held back, scanned, in a copy of the last content chunk; null if nothing. */
    String flush() {
      if (restorer != null) pending.append(restorer.finish());
      if (pending.isEmpty() || last == null) return null;
      String rest = release(pending.length());
      ObjectNode copy = last.deepCopy();
      if (copy.path("choices").path(0) instanceof ObjectNode c) {
        ObjectNode delta = c.path("delta") instanceof ObjectNode d ? d : c.putObject("delta");
        delta.put("content", rest);
      }
      return copy.toString();
    }
  }

  /**
   * @param mapping the request's pseudonymized values, put back into the text as it arrives, before
   *     it is scanned; null when the request had none
   */
  GuardedStream(
      ChunkStream inner, Function<String, Verdict> check, int holdBack, Pseudonymized mapping) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.check = Objects.requireNonNull(check, "check");
    this.holdBack = holdBack;
    this.mapping = mapping;
  }

  @Override
  public Optional<String> next() {
    if (!flushes.isEmpty()) return Optional.of(flushes.poll());
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
    if (chunk == null || chunk.path("choices").size() != 1) return next; // usage, or not chat
    JsonNode choice = chunk.path("choices").path(0);
    JsonNode content = choice.path("delta").path("content");
    boolean finishing =
        !choice.path("finish_reason").isMissingNode() && !choice.path("finish_reason").isNull();
    if (!content.isTextual() && !finishing) return next;
    Choice state = choices.computeIfAbsent(choice.path("index").asInt(0), i -> new Choice());
    state.arrive(content.asText(""), finishing);
    if (content.isTextual()) state.last = chunk;
    String release;
    if (finishing) release = state.release(state.pending.length());
    else if (state.pending.length() > holdBack)
      release = state.release(state.pending.length() - holdBack);
    else release = "";
    if (content.isTextual() ? release.equals(content.asText()) : release.isEmpty()) return next;
    if (!(choice instanceof ObjectNode c)) return next;
    ObjectNode delta =
        c.path("delta") instanceof ObjectNode d ? d : c.putObject("delta"); // a bare final chunk
    delta.put("content", release);
    return Optional.of(chunk.toString());
  }

  /** The upstream ended: what each choice still holds back goes out in one last chunk each. */
  private Optional<String> finish() {
    done = true;
    for (Choice c : choices.values()) {
      String flush = c.flush();
      if (flush != null) flushes.add(flush);
    }
    return Optional.ofNullable(flushes.poll());
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
