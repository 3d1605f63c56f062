package dev.grounded.cli;

import dev.grounded.core.GroundedException;
import dev.grounded.core.config.Config;
import dev.grounded.core.config.SectionEntry;
import dev.grounded.gateway.Gateway;
import dev.grounded.gateway.cache.CacheInterceptor;
import dev.grounded.gateway.chain.GatewayListener;
import dev.grounded.gateway.provider.AnthropicProvider;
import dev.grounded.gateway.provider.OpenAiCompatibleProvider;
import dev.grounded.gateway.provider.Provider;
import dev.grounded.gateway.provider.ProviderConfig;
import dev.grounded.gateway.reliability.BreakerPolicy;
import dev.grounded.gateway.reliability.CircuitBreakers;
import dev.grounded.gateway.reliability.RetryPolicy;
import dev.grounded.gateway.routing.Alias;
import dev.grounded.gateway.routing.AliasOverrides;
import dev.grounded.gateway.routing.AliasRouter;
import dev.grounded.gateway.routing.PromptEmbedder;
import dev.grounded.gateway.routing.Router;
import dev.grounded.gateway.routing.Rule;
import dev.grounded.server.UpstreamModels;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The gateway as {@code grounded.yaml} describes it ({@code providers.*}, {@code models.*}, {@code
 * gateway.*}), checked as a whole: every error names the file and line of the entry at fault. Built
 * by {@link #of} when the configuration loads (so {@code config check} and every command see the
 * errors), turned into a running gateway by {@link #build} in {@code serve}: the router (aliases
 * with weighted targets and fallbacks, rules), a circuit breaker per target, retries, the
 * providers.
 */
record GatewayPlan(
    List<ProviderPlan> providers,
    List<Alias> aliases,
    List<Rule> rules,
    RetryPolicy retry,
    BreakerPolicy breaker,
    Duration connectTimeout,
    Duration timeout,
    RouterPlan routers) {

  /** {@code type: anthropic} providers default to Anthropic's API root. */
  static final URI ANTHROPIC_BASE_URL = URI.create("https://api.anthropic.com");

  /**
   * One configured provider.
   *
   * @param type {@code openai} or {@code anthropic}
   * @param maxTokens Anthropic's {@code max_tokens} when the client sets none
   */
  record ProviderPlan(ProviderConfig config, String type, int maxTokens) {
    String name() {
      return config.name();
    }
  }

  static GatewayPlan of(Config config) {
    String file = config.source();
    Map<String, ProviderPlan> providers = new LinkedHashMap<>();
    for (SectionEntry p : config.entries(GroundedSettings.PROVIDERS)) {
      String type = p.get(GroundedSettings.PROVIDER_TYPE);
      String url = p.find(GroundedSettings.PROVIDER_BASE_URL).orElse(null);
      URI base;
      if (url == null) {
        if (!type.equals("anthropic"))
          throw GroundedException.invalid(
              "providers." + p.name(),
              file + ":" + p.line() + ": 'providers." + p.name() + "' needs 'base_url'");
        base = ANTHROPIC_BASE_URL;
      } else {
        base = Upstreams.httpUrlOrNull(url);
        if (base == null)
          throw error(file, p, "base_url must be an http(s) URL, got \"" + url + "\"");
      }
      String keyEnv = p.get(GroundedSettings.PROVIDER_API_KEY_ENV);
      if (!keyEnv.isEmpty() && !keyEnv.matches("[A-Za-z_][A-Za-z0-9_]*"))
        throw error(
            file,
            p,
            "api_key_env names an environment variable (e.g. OPENAI_API_KEY), not \""
                + (keyEnv.length() > 8 ? keyEnv.substring(0, 4) + "…" : keyEnv)
                + "\": never put the key itself in the file");
      providers.put(
          p.name(),
          new ProviderPlan(
              new ProviderConfig(
                  p.name(), base, keyEnv, p.get(GroundedSettings.PROVIDER_FIRST_TOKEN_TIMEOUT)),
              type,
              p.get(GroundedSettings.PROVIDER_MAX_TOKENS)));
    }
    List<Alias> aliases = GatewayRoutes.aliases(config, providers.keySet());
    List<Rule> rules = GatewayRoutes.rules(config, aliases);
    Duration initial = config.get(GroundedSettings.GATEWAY_RETRY_INITIAL_BACKOFF);
    Duration max = config.get(GroundedSettings.GATEWAY_RETRY_MAX_BACKOFF);
    if (max.compareTo(initial) < 0)
      throw GroundedException.invalid(
          GroundedSettings.GATEWAY_RETRY_MAX_BACKOFF.key(),
          "gateway.retry.max_backoff ("
              + GroundedSettings.GATEWAY_RETRY_MAX_BACKOFF.type().format(max)
              + ") must be at least gateway.retry.initial_backoff ("
              + GroundedSettings.GATEWAY_RETRY_INITIAL_BACKOFF.type().format(initial)
              + ")");
    return new GatewayPlan(
        List.copyOf(providers.values()),
        aliases,
        rules,
        new RetryPolicy(
            config.get(GroundedSettings.GATEWAY_RETRY_MAX_ATTEMPTS),
            initial,
            max,
            config.get(GroundedSettings.GATEWAY_RETRY_MAX_RETRY_AFTER)),
        new BreakerPolicy(
            config.get(GroundedSettings.GATEWAY_BREAKER_FAILURES),
            config.get(GroundedSettings.GATEWAY_BREAKER_COOL_DOWN)),
        config.get(GroundedSettings.GATEWAY_CONNECT_TIMEOUT),
        config.get(GroundedSettings.GATEWAY_TIMEOUT),
        RouterPlan.of(
            config,
            aliases.stream()
                .map(Alias::name)
                .collect(Collectors.toCollection(LinkedHashSet::new))));
  }

  /** The model names clients may ask for: the aliases, then the models rules route. */
  List<String> served() {
    Set<String> names = new LinkedHashSet<>();
    for (Alias a : aliases) names.add(a.name());
    for (Rule r : rules) names.add(r.model());
    names.addAll(routers.names());
    return List.copyOf(names);
  }

  /**
   * Every model name clients may ask for, with the upstream models a request for it can reach
   * (targets and fallbacks; for a rule- or classifier-routed name those of every alias it may
   * pick): what budgets price a call's worst case on.
   */
  Map<String, List<String>> upstreamModels() {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    Map<String, List<String>> byAlias = new LinkedHashMap<>();
    for (Alias a : aliases) {
      Set<String> models = new LinkedHashSet<>();
      a.targets().forEach(t -> models.add(t.target().model()));
      a.fallbacks().forEach(t -> models.add(t.model()));
      byAlias.put(a.name(), List.copyOf(models));
      out.put(a.name(), models);
    }
    for (Rule r : rules)
      out.computeIfAbsent(r.model(), k -> new LinkedHashSet<>())
          .addAll(byAlias.getOrDefault(r.alias(), List.of()));
    for (var c : routers.routers()) {
      Set<String> models = out.computeIfAbsent(c.name(), k -> new LinkedHashSet<>());
      models.addAll(byAlias.getOrDefault(c.cheap(), List.of()));
      models.addAll(byAlias.getOrDefault(c.strong(), List.of()));
    }
    Map<String, List<String>> result = new LinkedHashMap<>();
    out.forEach((k, v) -> result.put(k, List.copyOf(v)));
    return result;
  }

  /** The provider named {@code name}. */
  ProviderPlan provider(String name) {
    for (ProviderPlan p : providers) if (p.name().equals(name)) return p;
    throw new IllegalArgumentException("no provider " + name);
  }

  /**
   * The client the providers share: the connect timeout, and {@code executor} (the application's
   * virtual threads) for its I/O, so it starts no pool of its own. Null when no alias is
   * configured.
   */
  HttpClient httpClient(Executor executor) {
    if (aliases.isEmpty()) return null;
    return HttpClient.newBuilder().connectTimeout(connectTimeout).executor(executor).build();
  }

  /**
   * The routed gateway over {@code http} ({@link UpstreamModels#NONE} when there are no aliases).
   */
  UpstreamModels build(HttpClient http, Map<String, String> env) {
    return build(
        http, env, GatewayListener.NONE, null, PromptEmbedder.NONE, AliasOverrides.NONE, b -> {});
  }

  /** The names of the configured providers. */
  java.util.Set<String> providerNames() {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    for (ProviderPlan p : providers) out.add(p.name());
    return out;
  }

  /**
   * The same, reporting fallbacks, breaker changes and retries to {@code listener}, with {@code
   * cache} (null: none) as the gateway's cache stage, and {@code embedder} embedding prompts for
   * the classifier routers ({@code routers.*}), {@code overrides} (the registry's labelled alias
   * versions) taking precedence over the configured aliases; {@code stages} adds the limits and
   * ledger stages.
   */
  UpstreamModels build(
      HttpClient http,
      Map<String, String> env,
      GatewayListener listener,
      CacheInterceptor cache,
      PromptEmbedder embedder,
      AliasOverrides overrides,
      Consumer<Gateway.Builder> stages) {
    if (aliases.isEmpty()) return UpstreamModels.NONE;
    List<Provider> built = new ArrayList<>();
    for (ProviderPlan p : providers)
      built.add(
          p.type().equals("anthropic")
              ? new AnthropicProvider(p.config(), http, env, p.maxTokens())
              : new OpenAiCompatibleProvider(p.config(), http, env));
    Router router =
        routers.wrap(new AliasRouter(aliases, rules, new Random(), overrides), embedder);
    Gateway.Builder b =
        Gateway.builder()
            .router(router)
            .breakers(new CircuitBreakers(breaker, Clock.systemUTC()))
            .retry(retry)
            .listener(listener)
            .providers(built);
    if (cache != null) b.cache(cache);
    stages.accept(b);
    return new UpstreamModels(b.build(), served(), timeout, cache);
  }

  static GroundedException error(String file, SectionEntry e, String message) {
    return GroundedException.invalid(
        e.section().prefix() + "." + e.name(),
        file + ":" + e.line() + ": '" + e.section().prefix() + "." + e.name() + "': " + message);
  }
}
