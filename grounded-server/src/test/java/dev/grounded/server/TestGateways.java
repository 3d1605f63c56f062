package dev.grounded.server;

import dev.grounded.gateway.Gateway;
import dev.grounded.gateway.chain.Target;
import dev.grounded.gateway.provider.OpenAiCompatibleProvider;
import dev.grounded.gateway.provider.Provider;
import dev.grounded.gateway.provider.ProviderConfig;
import dev.grounded.gateway.reliability.BreakerPolicy;
import dev.grounded.gateway.reliability.CircuitBreakers;
import dev.grounded.gateway.routing.Alias;
import dev.grounded.gateway.routing.AliasRouter;
import dev.grounded.gateway.routing.WeightedTarget;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Gateways shaped like the one {@code grounded serve} runs (grounded-cli's {@code
 * GatewayPlan.build}): an {@link AliasRouter} over named providers, a circuit breaker per target.
 * The tests add their own retry, listener, cache, limits and ledger stages to the builder.
 */
final class TestGateways {
  private TestGateways() {}

  /**
   * A builder routing each alias to its one target over {@code providers}.
   *
   * @param aliases alias → {@code provider/model} (the model may itself contain {@code /})
   */
  static Gateway.Builder routed(Map<String, String> aliases, Provider... providers) {
    List<Alias> routes = new ArrayList<>();
    aliases.forEach(
        (name, target) -> {
          int slash = target.indexOf('/');
          if (slash < 0) throw new IllegalArgumentException(target + " is not provider/model");
          Target t = new Target(target.substring(0, slash), target.substring(slash + 1));
          routes.add(new Alias(name, List.of(new WeightedTarget(t, 1)), List.of()));
        });
    return Gateway.builder()
        .router(new AliasRouter(routes, List.of(), new Random(1)))
        .breakers(new CircuitBreakers(BreakerPolicy.DEFAULT, Clock.systemUTC()))
        .providers(List.of(providers));
  }

  /** An OpenAI-compatible provider {@code name} at {@code baseUrl}, without a key. */
  static Provider openAi(String name, URI baseUrl, HttpClient http) {
    return new OpenAiCompatibleProvider(
        new ProviderConfig(name, baseUrl, "", Duration.ofSeconds(10)), http, Map.of());
  }
}
