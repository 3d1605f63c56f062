package dev.grounded.gateway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.gateway.chain.CallNotes;
import dev.grounded.gateway.chain.CallNotes.CacheOutcome;
import dev.grounded.gateway.chain.Chain;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.Interceptor;
import dev.grounded.gateway.chain.RequestMetadata;
import dev.grounded.gateway.chain.Usage;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * The cache stage: answers a request from an earlier successful answer when it can, else passes it
 * on and stores what comes back.
 *
 * <ul>
 *   <li>Exact: the same normalized request ({@link CacheKeys#exact}: tenant, model, prompt version,
 *       collection version and every body field that changes the answer).
 *   <li>Semantic (when {@link CacheSettings#semantic}): the same everything-but-the-last-user-turn
 *       ({@link CacheKeys#rest}), and a last user turn the {@link SemanticMatch} verifier accepts
 *       against one of the nearest cached turns by cosine.
 * </ul>
 *
 * <p>Only successful answers are stored: a completion with choices, or a stream that ended well
 * (assembled into a completion); errors and failed or abandoned streams never. A hit answers a
 * streaming request with synthesized chunks. Temperature above 0 (or none given) and opting out
 * bypass the cache ({@link CacheControl}). The outcome goes to {@link CallNotes#cache}; a hit
 * reports {@link Usage#NONE} (no tokens were spent), its JSON keeps the original usage.
 */
public final class CacheInterceptor implements Interceptor {
  /** Nearest cached turns the verifier is asked about, best cosine first. */
  private static final int CANDIDATES = 3;

  private final CacheSettings settings;
  private final CacheStore store;
  private final SemanticMatch verifier;
  private final TurnEmbedder embedder;
  private final LongAdder hits = new LongAdder();
  private final LongAdder semanticHits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder bypassed = new LongAdder();

  /**
   * @param embedder embeds last user turns; needed when {@code settings.semantic()}, else may be
   *     null
   */
  public CacheInterceptor(
      CacheSettings settings, Clock clock, SemanticMatch verifier, TurnEmbedder embedder) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.store = new CacheStore(settings, clock);
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    if (settings.semantic()) Objects.requireNonNull(embedder, "embedder (semantic cache)");
    this.embedder = embedder;
  }

  /** An exact-match cache (no embedder). */
  public static CacheInterceptor exact(CacheSettings settings, Clock clock) {
    if (settings.semantic())
      throw new IllegalArgumentException("a semantic cache needs an embedder");
    return new CacheInterceptor(settings, clock, SemanticMatch.defaults(), null);
  }

  public CacheSettings settings() {
    return settings;
  }

  @Override
  public ChatResponse intercept(Chain chain) {
    ChatRequest request = chain.request();
    CallNotes notes = request.metadata().notes();
    CacheControl control = CacheControl.of(request);
    if (control.bypass()) {
      bypassed.increment();
      notes.cache(CacheOutcome.BYPASS);
      return chain.proceed(control.forward());
    }
    CacheKeys keys = CacheKeys.of(request);
    SemanticMatch.Turn turn = null;
    if (control.read()) {
      Optional<CacheStore.Entry> exact = store.exact(keys.exact());
      if (exact.isPresent()) {
        hits.increment();
        notes.cache(CacheOutcome.HIT);
        return answer(exact.get(), request);
      }
      if (settings.semantic() && keys.lastUserTurn().isPresent() && store.hasGroup(keys.rest())) {
        turn = embed(keys.lastUserTurn().get());
        if (turn != null)
          for (CacheStore.Entry c : store.nearest(keys.rest(), turn.vector(), CANDIDATES))
            if (verifier.match(turn, c.turn()).serve()) {
              semanticHits.increment();
              notes.cache(CacheOutcome.SEMANTIC);
              return answer(c, request);
            }
      }
    }
    misses.increment();
    notes.cache(CacheOutcome.MISS);
    ChatResponse response = chain.proceed(control.forward());
    if (!control.store()) return response;
    SemanticMatch.Turn known = turn;
    return switch (response) {
      case ChatResponse.Completion c -> {
        store(keys, known, c.body(), request.metadata());
        yield c;
      }
      case ChatResponse.Streaming s ->
          new ChatResponse.Streaming(
              new RecordingStream(
                  s.chunks(),
                  settings.maxBytes() / 2,
                  chunks ->
                      StreamedAnswer.assemble(chunks)
                          .ifPresent(b -> store(keys, known, b, request.metadata()))));
    };
  }

  public CacheStats stats() {
    return new CacheStats(
        hits.sum(),
        semanticHits.sum(),
        misses.sum(),
        bypassed.sum(),
        store.stored.sum(),
        store.evicted.sum(),
        store.expired.sum(),
        store.entries(),
        store.bytes());
  }

  /**
   * Deletes what {@code tenant} cached, only what {@code user} asked when given (a deletion of
   * their data); returns how many answers were removed.
   */
  public int forget(String tenant, java.util.Optional<String> user) {
    return store.removeOwnedBy(tenant, user);
  }

  private void store(
      CacheKeys keys, SemanticMatch.Turn turn, ObjectNode completion, RequestMetadata owner) {
    JsonNode choices = completion.get("choices");
    if (completion.has("error") || choices == null || !choices.isArray() || choices.isEmpty())
      return;
    if (settings.semantic() && turn == null && keys.lastUserTurn().isPresent())
      turn = embed(keys.lastUserTurn().get());
    long bytes = CacheStore.size(completion.toString(), turn);
    store.put(
        new CacheStore.Entry(
            keys.exact(),
            keys.rest(),
            completion,
            turn,
            store.now(),
            bytes,
            owner.tenant(),
            owner.user()));
  }

  /** The turn with its vector; null when the embedder failed (the request is then exact-only). */
  private SemanticMatch.Turn embed(String text) {
    try {
      return SemanticMatch.Turn.of(text, embedder.embed(text));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static ChatResponse answer(CacheStore.Entry e, ChatRequest request) {
    if (!request.stream()) return new ChatResponse.Completion(e.completion(), Usage.NONE);
    boolean usage = request.body().path("stream_options").path("include_usage").asBoolean(false);
    return new ChatResponse.Streaming(
        new CachedStream(StreamedAnswer.chunks(e.completion(), usage)));
  }
}
