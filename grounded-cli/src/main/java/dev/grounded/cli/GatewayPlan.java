package dev.grounded.cli;

import dev.grounded.core.GroundedException;
import dev.grounded.core.config.Config;
import dev.grounded.core.config.SectionEntry;
import dev.grounded.gateway.Gateway;
import dev.grounded.gateway.alias.AliasProvider;
import dev.grounded.gateway.alias.ModelAlias;
import dev.grounded.gateway.alias.ModelTarget;
import dev.grounded.gateway.chain.GatewayListener;
import dev.grounded.gateway.provider.ProviderConfig;
import dev.grounded.gateway.reliability.RetryPolicy;
import dev.grounded.server.UpstreamModels;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The gateway as {@code grounded.yaml} describes it ({@code providers.*}, {@code models.*}, {@code
 * gateway.*}), checked as a whole: every error names the file and line of the entry at fault. Built
 * by {@link #of} when the configuration loads (so {@code config check} and every command see the
 * errors), turned into a running gateway by {@link #build} in {@code serve}.
 */
record GatewayPlan(
    List<ProviderConfig> providers,
    List<ModelAlias> aliases,
    RetryPolicy retry,
    Duration connectTimeout,
    Duration timeout) {

  static GatewayPlan of(Config config) {
    String file = config.source();
    Map<String, ProviderConfig> providers = new LinkedHashMap<>();
    for (SectionEntry p : config.entries(GroundedSettings.PROVIDERS)) {
      String url = p.get(GroundedSettings.PROVIDER_BASE_URL);
      URI base = Upstreams.httpUrlOrNull(url);
      if (base == null)
        throw error(file, p, "base_url must be an http(s) URL, got \"" + url + "\"");
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
          new ProviderConfig(
              p.name(), base, keyEnv, p.get(GroundedSettings.PROVIDER_FIRST_TOKEN_TIMEOUT)));
    }
    List<ModelAlias> aliases = new ArrayList<>();
    for (SectionEntry m : config.entries(GroundedSettings.MODELS)) {
      if (m.name().startsWith("rag:"))
        throw error(file, m, "names starting with rag: are Grounded's own collections");
      if (m.name().equals(ServeCommand.EMBEDDING_MODEL))
        throw error(file, m, "is the name of the embedding model served at /v1/embeddings");
      String provider = m.get(GroundedSettings.MODEL_PROVIDER);
      if (!providers.containsKey(provider))
        throw error(
            file,
            m,
            "provider '"
                + provider
                + "' is not configured"
                + (providers.isEmpty()
                    ? " (add a providers." + provider + ".base_url)"
                    : " (providers: " + String.join(", ", providers.keySet()) + ")"));
      String model = m.get(GroundedSettings.MODEL_MODEL);
      if (model.isBlank()) throw error(file, m, "model must not be empty");
      aliases.add(new ModelAlias(m.name(), List.of(new ModelTarget(provider, model))));
    }
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
        new RetryPolicy(
            config.get(GroundedSettings.GATEWAY_RETRY_MAX_ATTEMPTS),
            initial,
            max,
            config.get(GroundedSettings.GATEWAY_RETRY_MAX_RETRY_AFTER)),
        config.get(GroundedSettings.GATEWAY_CONNECT_TIMEOUT),
        config.get(GroundedSettings.GATEWAY_TIMEOUT));
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

  /** The aliases over {@code http} ({@link UpstreamModels#NONE} when there are none). */
  UpstreamModels build(HttpClient http, Map<String, String> env) {
    return build(http, env, b -> {});
  }

  /** As {@link #build(HttpClient, Map)}, with the optional stages {@code stages} adds. */
  UpstreamModels build(HttpClient http, Map<String, String> env, Consumer<Gateway.Builder> stages) {
    if (aliases.isEmpty()) return UpstreamModels.NONE;
    AliasProvider router = AliasProvider.openAiCompatible(providers, aliases, http, env);
    Gateway.Builder builder =
        Gateway.builder().provider(router).retry(retry).listener(GatewayListener.NONE);
    stages.accept(builder);
    Gateway gateway = builder.build();
    return new UpstreamModels(gateway, List.copyOf(router.names()), timeout);
  }

  private static GroundedException error(String file, SectionEntry e, String message) {
    return GroundedException.invalid(
        e.section().prefix() + "." + e.name(),
        file + ":" + e.line() + ": '" + e.section().prefix() + "." + e.name() + "': " + message);
  }
}
