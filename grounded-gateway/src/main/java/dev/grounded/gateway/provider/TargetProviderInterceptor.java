package dev.grounded.gateway.provider;

import dev.grounded.gateway.chain.Chain;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.Interceptor;
import dev.grounded.gateway.chain.Target;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The chain's last stage when there are several providers: sends the request to the provider of its
 * one {@link Target} (the fallback stage narrows a routed request to the target it tries).
 */
public final class TargetProviderInterceptor implements Interceptor {
  private final Map<String, Provider> providers;

  /**
   * @param providers every configured provider, names unique
   */
  public TargetProviderInterceptor(List<Provider> providers) {
    Map<String, Provider> byName = new HashMap<>();
    for (Provider p : Objects.requireNonNull(providers, "providers"))
      if (byName.put(p.name(), p) != null)
        throw new IllegalArgumentException("provider '" + p.name() + "' is configured twice");
    if (byName.isEmpty()) throw new IllegalArgumentException("at least one provider is needed");
    this.providers = Map.copyOf(byName);
  }

  /** Whether a provider of that name is configured (for checking routes when wiring). */
  public boolean has(String provider) {
    return providers.containsKey(provider);
  }

  @Override
  public ChatResponse intercept(Chain chain) {
    ChatRequest request = chain.request();
    if (request.targets().size() != 1)
      throw new IllegalStateException(
          "the provider stage needs a request narrowed to one target, not "
              + request.targets()
              + ": put a RouterInterceptor and a FallbackInterceptor before it");
    Target target = request.targets().getFirst();
    Provider provider = providers.get(target.provider());
    if (provider == null)
      throw new IllegalStateException(
          "target " + target + " names provider '" + target.provider() + "', not configured");
    return provider.chat(request);
  }
}
