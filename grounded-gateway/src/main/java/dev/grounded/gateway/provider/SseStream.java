package dev.grounded.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.chain.ChunkStream;
import dev.grounded.gateway.chain.Deadline;
import dev.grounded.gateway.chain.UpstreamException;
import dev.grounded.gateway.chain.Usage;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An upstream's {@code text/event-stream} body as a {@link ChunkStream}. The HTTP client pushes
 * lines in (one at a time: a line is requested only when the previous one was taken, so nothing
 * piles up); the consumer pulls events out, waiting at most until the deadline. Internal.
 */
final class SseStream implements ChunkStream, Flow.Subscriber<String> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Object END = new Object();
  private static final Object CLOSED = new Object();

  private final BlockingQueue<Object> lines = new LinkedBlockingQueue<>();
  private final String provider;
  private final Deadline deadline;
  private final Runnable abort;
  private volatile Flow.Subscription subscription;
  private volatile boolean closed;
  private boolean finished;
  private boolean sawFinishReason;
  private String first;
  private volatile boolean dropUsageOnly;
  private volatile Usage usage;

  SseStream(String provider, Deadline deadline, Runnable abort) {
    this.provider = provider;
    this.deadline = deadline;
    this.abort = abort;
  }

  /**
   * Drops the usage-only chunk ({@code choices: []} with {@code usage}) an upstream sends when
   * asked for it with {@code stream_options.include_usage}: for a caller who did not ask (the
   * gateway asked on its behalf). Its usage is still read ({@link #usage()}).
   */
  void dropUsageOnlyChunk() {
    dropUsageOnly = true;
  }

  /** The last {@code usage} a chunk carried (OpenAI puts it on the final chunk). */
  @Override
  public Optional<Usage> usage() {
    return Optional.ofNullable(usage);
  }

  /** Reads the first event by {@code firstBy}; throws (and closes) when there is none. */
  void awaitFirst(Deadline firstBy) {
    first = read(firstBy, "the first chunk");
    if (first == null)
      throw fail(UpstreamErrors.malformed(provider, "the stream ended before its first chunk"));
  }

  @Override
  public Optional<String> next() {
    return next(deadline);
  }

  /**
   * The next event, waiting at most until {@code by}; a miss before the request's deadline is a
   * retriable failure (a provider translating events uses it to bound the wait for its first
   * chunk).
   */
  Optional<String> next(Deadline by) {
    if (first != null) {
      String f = first;
      first = null;
      return Optional.of(f);
    }
    return finished ? Optional.empty() : Optional.ofNullable(read(by, "the next chunk"));
  }

  /** The next event's payload, null at the end of the stream. */
  private String read(Deadline by, String waitingFor) {
    StringBuilder data = null;
    while (true) {
      Object item = poll(by, waitingFor);
      if (item == CLOSED) return end();
      if (item == END) {
        if (data == null && sawFinishReason) return end();
        throw fail(UpstreamErrors.malformed(provider, "the stream ended without [DONE]"));
      }
      if (item instanceof Throwable t) throw fail(failure(t));
      String line = (String) item;
      subscription.request(1);
      if (line.isEmpty()) {
        if (data == null) continue;
        String payload = data.toString();
        if (payload.equals("[DONE]")) return end();
        String checked = check(payload);
        if (checked != null) return checked;
        data = null; // a usage-only chunk the caller did not ask for
        continue;
      }
      if (line.startsWith("data:")) {
        String value = line.substring(line.startsWith("data: ") ? 6 : 5);
        data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
      } // comments (":"), event:, id: and retry: lines carry nothing an OpenAI stream needs
    }
  }

  private Object poll(Deadline by, String waitingFor) {
    try {
      Object item = lines.poll(by.remaining().toNanos(), TimeUnit.NANOSECONDS);
      if (item != null) return item;
      if (deadline.passed()) throw fail(UpstreamErrors.deadline(provider, waitingFor));
      throw fail(
          new UpstreamException(
              ErrorCode.UPSTREAM_ERROR,
              "provider " + provider + ": no " + waitingFor.replace("the ", "") + " in time",
              true,
              null,
              null));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fail(new GroundedException(ErrorCode.INTERNAL, "interrupted", null, e));
    }
  }

  /** Passes a chunk through unchanged after checking it is JSON and not an error event. */
  private String check(String payload) {
    JsonNode chunk;
    try {
      chunk = JSON.readTree(payload);
    } catch (IOException e) {
      throw fail(UpstreamErrors.malformed(provider, "a stream chunk is not JSON"));
    }
    if (chunk == null || !chunk.isObject())
      throw fail(UpstreamErrors.malformed(provider, "a stream chunk is not a JSON object"));
    if (chunk.has("error"))
      throw fail(
          new UpstreamException(
              ErrorCode.UPSTREAM_ERROR,
              "provider " + provider + " failed mid-stream: " + UpstreamErrors.message(payload),
              true,
              null,
              null));
    for (JsonNode choice : chunk.path("choices"))
      if (choice.path("finish_reason").isTextual()) sawFinishReason = true;
    JsonNode u = chunk.get("usage");
    if (u != null && u.isObject()) {
      usage =
          new Usage(
              Math.max(0, u.path("prompt_tokens").asLong(0)),
              Math.max(0, u.path("completion_tokens").asLong(0)));
      if (dropUsageOnly && chunk.path("choices").isArray() && chunk.path("choices").isEmpty())
        return null;
    }
    return payload;
  }

  private GroundedException failure(Throwable t) {
    if (t instanceof IOException io) return UpstreamErrors.io(provider, io);
    return UpstreamErrors.malformed(provider, "the stream failed: " + t);
  }

  private String end() {
    close();
    return null;
  }

  private GroundedException fail(GroundedException e) {
    close();
    return e;
  }

  /** Ends the stream; also wakes a consumer waiting in another thread. */
  @Override
  public void close() {
    finished = true;
    if (closed) return;
    closed = true;
    lines.add(CLOSED);
    Flow.Subscription s = subscription;
    if (s != null) s.cancel();
    abort.run();
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (closed) s.cancel();
    else s.request(1);
  }

  @Override
  public void onNext(String line) {
    lines.add(line);
  }

  @Override
  public void onError(Throwable t) {
    lines.add(t);
  }

  @Override
  public void onComplete() {
    lines.add(END);
  }
}
