package dev.grounded.gateway.routing;

import dev.grounded.gateway.chain.Chain;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.Interceptor;
import java.util.Objects;

/**
 * The router stage: asks a {@link Router} where the request goes and hands it on with those
 * targets; the fallback stage further down tries them in order.
 */
public final class RouterInterceptor implements Interceptor {
  private final Router router;

  public RouterInterceptor(Router router) {
    this.router = Objects.requireNonNull(router, "router");
  }

  @Override
  public ChatResponse intercept(Chain chain) {
    return chain.proceed(chain.request().withTargets(router.route(chain.request())));
  }
}
