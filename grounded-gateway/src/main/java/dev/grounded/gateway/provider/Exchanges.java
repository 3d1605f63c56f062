package dev.grounded.gateway.provider;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.chain.Deadline;
import dev.grounded.gateway.chain.UpstreamException;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** How every provider waits on its HTTP exchange: bounded, cancelled on time-out, errors mapped. */
final class Exchanges {
  private Exchanges() {}

  /**
   * Waits for {@code f} until {@code by}; on time-out cancels it. A time-out before the request's
   * own deadline is retriable (a slow first token); at the deadline it is not.
   */
  static <T> T await(
      Future<T> f, Deadline by, Deadline deadline, String waitingFor, ProviderConfig config) {
    try {
      return f.get(by.remaining().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      if (deadline.passed()) throw UpstreamErrors.deadline(config.name(), waitingFor);
      throw new UpstreamException(
          ErrorCode.UPSTREAM_ERROR,
          "provider " + config.name() + ": no response within " + config.firstTokenTimeout(),
          true,
          null,
          e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof GroundedException g) throw g;
      if (cause instanceof IOException io) {
        if (deadline.passed()) throw UpstreamErrors.deadline(config.name(), waitingFor);
        throw UpstreamErrors.io(config.name(), io);
      }
      throw UpstreamErrors.malformed(config.name(), "the call failed: " + cause);
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new GroundedException(ErrorCode.INTERNAL, "interrupted", null, e);
    }
  }
}
