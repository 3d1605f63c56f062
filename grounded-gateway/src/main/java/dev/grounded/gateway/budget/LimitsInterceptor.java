package dev.grounded.gateway.budget;

import dev.grounded.gateway.chain.Chain;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.Interceptor;
import dev.grounded.gateway.chain.ObservedStream;
import dev.grounded.gateway.chain.RequestMetadata;
import dev.grounded.gateway.chain.Usage;
import dev.grounded.gateway.price.CallPricing;
import dev.grounded.gateway.price.CallPricing.Charge;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The budget and rate-limit stage: reserves a call's worst case (estimated prompt tokens plus its
 * maximum output, priced by {@link CallPricing}) against the limits of its tenant, its API key and
 * its user, in one transaction, before anything else runs; a refusal is the {@link LimitExceeded}
 * (429, {@code rate_limited} or {@code budget_exceeded}, with its Retry-After). After the call the
 * reservation is settled with what the call cost: a completion's usage at once, a stream's when it
 * ends or is closed (the upstream's usage report, else the worst case). A call that failed before
 * an answer is released (it cost nothing; it still counts as a request), unless upstreams answered
 * and the answers were rejected (structured output): then it is settled with their usage. A call
 * none of whose scopes has limits (as {@link Budgets#limited} last saw them) is not held at all:
 * its cost is only added to their totals, off the request's thread.
 */
public final class LimitsInterceptor implements Interceptor {
  private final Budgets budgets;
  private final CallPricing pricing;

  public LimitsInterceptor(Budgets budgets, CallPricing pricing) {
    this.budgets = Objects.requireNonNull(budgets, "budgets");
    this.pricing = Objects.requireNonNull(pricing, "pricing");
  }

  @Override
  public ChatResponse intercept(Chain chain) {
    ChatRequest request = chain.request();
    List<Scope> scopes = scopes(request.metadata());
    if (!budgets.limited(scopes)) return unlimited(chain, request, scopes);
    Charge worst = pricing.worstCase(request);
    Reservation reservation = budgets.reserve(scopes, worst.micros(), worst.tokens());
    ChatResponse response;
    try {
      response = chain.proceed(request);
    } catch (RuntimeException e) {
      Usage spent = request.metadata().notes().failedUsage();
      if (spent.equals(Usage.NONE)) reservation.release();
      else settle(reservation, request, Optional.of(spent)); // rejected structured replies
      throw e;
    }
    return switch (response) {
      case ChatResponse.Completion c -> {
        settle(reservation, request, Optional.of(c.usage()));
        yield c;
      }
      case ChatResponse.Streaming s ->
          new ChatResponse.Streaming(
              new ObservedStream(
                  s.chunks(), (end, usage, failure) -> settle(reservation, request, usage)));
    };
  }

  /**
   * A call none of whose scopes has limits: nothing to check or hold, so no transaction on the
   * request's thread; its cost is added to the scopes' totals in the background (they count once a
   * limit is set later in the day or month).
   */
  private ChatResponse unlimited(Chain chain, ChatRequest request, List<Scope> scopes) {
    ChatResponse response;
    try {
      response = chain.proceed(request);
    } catch (RuntimeException e) {
      Usage spent = request.metadata().notes().failedUsage();
      if (!spent.equals(Usage.NONE))
        budgets.spendLater(scopes, pricing.actual(request, Optional.of(spent)).micros());
      throw e;
    }
    return switch (response) {
      case ChatResponse.Completion c -> {
        budgets.spendLater(scopes, pricing.actual(request, Optional.of(c.usage())).micros());
        yield c;
      }
      case ChatResponse.Streaming s ->
          new ChatResponse.Streaming(
              new ObservedStream(
                  s.chunks(),
                  (end, usage, failure) ->
                      budgets.spendLater(scopes, pricing.actual(request, usage).micros())));
    };
  }

  private void settle(Reservation reservation, ChatRequest request, Optional<Usage> usage) {
    Charge actual = pricing.actual(request, usage);
    reservation.settle(actual.micros(), actual.tokens());
  }

  /** The tenant, and the key and user when the call names them. */
  static List<Scope> scopes(RequestMetadata m) {
    List<Scope> scopes = new ArrayList<>(3);
    scopes.add(Scope.tenant(m.tenant()));
    if (!m.keyId().isEmpty()) scopes.add(Scope.key(m.keyId()));
    if (!m.user().isEmpty()) scopes.add(Scope.user(m.tenant(), m.user()));
    return scopes;
  }
}
