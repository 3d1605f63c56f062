package dev.grounded.embed;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Runs every call of an embedder on an executor of platform threads. A native ONNX Runtime call
 * pins a virtual thread to its carrier, so a server whose requests run on virtual threads could
 * otherwise run only as many inferences at once as there are cores, while callers on platform
 * threads run as many as there are callers. The calling (virtual) thread just waits.
 *
 * <p>Thread-safe. The executor belongs to the caller, who shuts it down.
 */
public final class OffloadingEmbedder implements Embedder {
  private final Embedder delegate;
  private final ExecutorService platformThreads;

  public OffloadingEmbedder(Embedder delegate, ExecutorService platformThreads) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.platformThreads = Objects.requireNonNull(platformThreads, "platformThreads");
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    if (texts.isEmpty()) return List.of();
    return await(platformThreads.submit(() -> delegate.embed(texts)));
  }

  @Override
  public float[] embedQuery(String query) {
    return await(platformThreads.submit(() -> delegate.embedQuery(query)));
  }

  @Override
  public int dimensions() {
    return delegate.dimensions();
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new GroundedException(ErrorCode.INTERNAL, "interrupted while embedding", null, e);
    } catch (CancellationException e) {
      throw new GroundedException(ErrorCode.INTERNAL, "embedding was cancelled", null, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) throw re;
      if (cause instanceof Error err) throw err;
      throw new GroundedException(ErrorCode.INTERNAL, "embedding failed: " + cause, null, cause);
    }
  }
}
