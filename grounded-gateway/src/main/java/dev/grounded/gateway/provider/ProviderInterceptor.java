package dev.grounded.gateway.provider;

import dev.grounded.gateway.chain.Chain;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.Interceptor;
import java.util.Objects;

/** The chain's last stage: sends the request to a {@link Provider}. */
public final class ProviderInterceptor implements Interceptor {
  private final Provider provider;

  public ProviderInterceptor(Provider provider) {
    this.provider = Objects.requireNonNull(provider, "provider");
  }

  @Override
  public ChatResponse intercept(Chain chain) {
    return provider.chat(chain.request());
  }
}
