package dev.grounded.gateway.ledger;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.chain.AnswerText;
import dev.grounded.gateway.chain.CallNotes;
import dev.grounded.gateway.chain.Chain;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.ChunkStream;
import dev.grounded.gateway.chain.Interceptor;
import dev.grounded.gateway.chain.ObservedStream;
import dev.grounded.gateway.chain.RequestMetadata;
import dev.grounded.gateway.chain.Target;
import dev.grounded.gateway.chain.Usage;
import dev.grounded.gateway.price.CallPricing;
import dev.grounded.gateway.price.CallPricing.Charge;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The outermost stage: one ledger row per call once its outcome is known — a completion when it
 * returns, a stream when it ends, fails or is closed, a refusal or failure when it is thrown (cost
 * 0). Cost and tokens come from {@link CallPricing}, the same figures the budget stage settles
 * with. The row goes to a {@link LedgerSink} (a {@link LedgerWriter} in the server, so no write is
 * on the request's path).
 */
public final class LedgerInterceptor implements Interceptor {
  /** The outcome of a stream the client closed before its end. */
  public static final String CLOSED = "closed";

  private final LedgerSink sink;
  private final CallPricing pricing;
  private final Clock clock;
  private final CallObserver observer;

  public LedgerInterceptor(LedgerSink sink, CallPricing pricing, Clock clock) {
    this(sink, pricing, clock, CallObserver.NONE);
  }

  private LedgerInterceptor(
      LedgerSink sink, CallPricing pricing, Clock clock, CallObserver observer) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.pricing = Objects.requireNonNull(pricing, "pricing");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.observer = Objects.requireNonNull(observer, "observer");
  }

  /**
   * The same stage, also telling {@code o} about each row with the request and the answer's text
   * (streams are then read as they pass, to collect it).
   */
  public LedgerInterceptor withObserver(CallObserver o) {
    return new LedgerInterceptor(sink, pricing, clock, o);
  }

  @Override
  public ChatResponse intercept(Chain chain) {
    ChatRequest request = chain.request();
    Instant at = clock.instant();
    long started = System.nanoTime();
    ChatResponse response;
    try {
      response = chain.proceed(request);
    } catch (GroundedException e) {
      record(request, at, started, failed(request), e.code().code(), "");
      throw e;
    } catch (RuntimeException e) {
      record(request, at, started, Charge.NONE, ErrorCode.INTERNAL.code(), "");
      throw e;
    }
    return switch (response) {
      case ChatResponse.Completion c -> {
        record(
            request,
            at,
            started,
            pricing.actual(request, Optional.of(c.usage())),
            LedgerEntry.OK,
            observer == CallObserver.NONE ? "" : AnswerText.of(c.body()));
        yield c;
      }
      case ChatResponse.Streaming s -> {
        AnswerText text = new AnswerText();
        ChunkStream chunks =
            observer == CallObserver.NONE ? s.chunks() : new TextCollector(s.chunks(), text);
        yield new ChatResponse.Streaming(
            new ObservedStream(
                chunks,
                (end, usage, failure) ->
                    record(
                        request,
                        at,
                        started,
                        pricing.actual(request, usage),
                        switch (end) {
                          case COMPLETE -> LedgerEntry.OK;
                          case CLOSED -> CLOSED;
                          case FAILED -> failure.map(f -> f.code().code()).orElse("internal");
                        },
                        text.text())));
      }
    };
  }

  /** Nothing, unless upstreams spent tokens on replies that were rejected (structured output). */
  private Charge failed(ChatRequest request) {
    Usage spent = request.metadata().notes().failedUsage();
    return spent.equals(Usage.NONE) ? Charge.NONE : pricing.actual(request, Optional.of(spent));
  }

  /** Passes a stream on, adding each chunk's text to {@code text}. */
  private record TextCollector(ChunkStream inner, AnswerText text) implements ChunkStream {
    @Override
    public Optional<String> next() {
      Optional<String> chunk = inner.next();
      chunk.ifPresent(text::addChunk);
      return chunk;
    }

    @Override
    public Optional<Usage> usage() {
      return inner.usage();
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  private void record(
      ChatRequest request,
      Instant at,
      long startedNanos,
      Charge charge,
      String outcome,
      String answer) {
    RequestMetadata m = request.metadata();
    CallNotes notes = m.notes();
    CallNotes.CacheOutcome cache = notes.cache();
    boolean cached =
        cache == CallNotes.CacheOutcome.HIT || cache == CallNotes.CacheOutcome.SEMANTIC;
    String provider = notes.target().map(Target::provider).orElse("");
    LedgerEntry entry =
        new LedgerEntry(
            at,
            m.tenant(),
            m.keyId(),
            m.user(),
            request.model(),
            provider,
            cached ? "" : pricing.model(request),
            charge.tokensIn(),
            charge.tokensOut(),
            cached,
            Math.max(0, (System.nanoTime() - startedNanos) / 1_000_000),
            charge.micros(),
            outcome,
            m.requestId());
    sink.record(entry);
    observer.recorded(request, entry, answer);
  }
}
