package dev.grounded.gateway.budget;

import java.time.Instant;
import java.util.List;

/**
 * Spend and tokens held for one call until it is settled or released, at most until {@link
 * #expiresAt()}: a reservation left behind by a crashed process stops counting then. Exactly one of
 * {@link #settle} or {@link #release} may be called, once; a second call is an {@link
 * IllegalStateException}. Thread-safe.
 */
public final class Reservation {
  private final Budgets budgets;
  private final String id;
  private final List<Scope> scopes;
  private final long micros;
  private final long tokens;
  private final String day;
  private final String month;
  private final Instant expiresAt;
  private final List<Scope> rated;
  private final long second;
  private boolean done;

  Reservation(
      Budgets budgets,
      String id,
      List<Scope> scopes,
      long micros,
      long tokens,
      String day,
      String month,
      Instant expiresAt,
      List<Scope> rated,
      long second) {
    this.budgets = budgets;
    this.id = id;
    this.scopes = List.copyOf(scopes);
    this.micros = micros;
    this.tokens = tokens;
    this.day = day;
    this.month = month;
    this.expiresAt = expiresAt;
    this.rated = List.copyOf(rated);
    this.second = second;
  }

  /**
   * Charges what the call actually cost to every scope (in the UTC day and month it was reserved
   * in), corrects the tokens counted for tpm and frees the hold. Returns the unused part of the
   * reservation, {@code max(0, reserved - actual)}. An actual cost above the reservation is charged
   * in full (it was spent), as is one settled after the reservation expired.
   */
  public synchronized long settle(long actualMicros, long actualTokens) {
    if (actualMicros < 0 || actualTokens < 0)
      throw new IllegalArgumentException("actual cost and tokens must be >= 0");
    ensureOpen();
    budgets.settle(this, actualMicros, actualTokens);
    done = true;
    return Math.max(0, micros - actualMicros);
  }

  /**
   * Frees the hold without charging anything: the call did not reach the upstream or failed without
   * cost. The request still counts towards rpm; its tokens no longer count towards tpm.
   */
  public synchronized void release() {
    ensureOpen();
    budgets.release(this);
    done = true;
  }

  private void ensureOpen() {
    if (done)
      throw new IllegalStateException(
          "reservation " + id + " was already settled or released; settle or release it once");
  }

  public String id() {
    return id;
  }

  public List<Scope> scopes() {
    return scopes;
  }

  /** The worst-case cost held, in micro-dollars. */
  public long micros() {
    return micros;
  }

  public long tokens() {
    return tokens;
  }

  /** The UTC day ({@code 2026-01-31}) whose spend this call is charged to. */
  public String day() {
    return day;
  }

  /** The UTC month ({@code 2026-01}) whose spend this call is charged to. */
  public String month() {
    return month;
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  /** The scopes whose rpm/tpm log counted this request. */
  List<Scope> rated() {
    return rated;
  }

  /** The epoch second the request was counted in. */
  long second() {
    return second;
  }
}
