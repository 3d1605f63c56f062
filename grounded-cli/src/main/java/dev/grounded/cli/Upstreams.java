package dev.grounded.cli;

import dev.grounded.core.GroundedException;
import dev.grounded.core.config.Config;
import dev.grounded.gateway.client.ChatModel;
import java.net.URI;
import java.net.http.HttpClient;

/** The models that commands call (judges, generators), each through a gateway. */
final class Upstreams {
  private Upstreams() {}

  /** The API key's variable when no {@code --*-api-key-env} option names one; it may be unset. */
  static final String DEFAULT_KEY_ENV = "OPENAI_API_KEY";

  /**
   * The model {@code model} called through a gateway. An alias configured in {@code grounded.yaml}
   * ({@code models.<alias>}) goes through the configured gateway (its provider, fallbacks,
   * retries); any other name is sent as is to the OpenAI-compatible endpoint given by the option
   * {@code --<param>}, else {@code $OPENAI_BASE_URL} (the {@code llm.*} settings), as the one
   * provider of an implicit gateway with the configuration's {@code gateway.retry.*} and {@code
   * gateway.timeout}. That endpoint's API key is read from the environment variable {@code keyEnv},
   * given by the option {@code --<keyParam>}: it must be set then. Without the option the key comes
   * from {@value #DEFAULT_KEY_ENV} if set (a local model server needs none).
   */
  static ChatModel chatModel(
      Config config, String model, String url, String param, String keyEnv, String keyParam) {
    GatewayPlan plan = GatewayPlan.of(config);
    HttpClient http = HttpClient.newBuilder().connectTimeout(plan.connectTimeout()).build();
    if (plan.aliases().stream().anyMatch(a -> a.name().equals(model)))
      return new ChatModel(plan.build(http, System.getenv()).gateway(), model, plan.timeout());
    String base = url != null ? url : System.getenv("OPENAI_BASE_URL");
    if (base == null || base.isBlank())
      throw GroundedException.invalid(
          param,
          "no model endpoint for '"
              + model
              + "': give --"
              + param
              + ", set OPENAI_BASE_URL, or configure models."
              + model
              + " in grounded.yaml");
    return ChatModel.openAiCompatible(
        httpUrl(base, param),
        keyVariable(keyEnv, keyParam),
        System.getenv(),
        http,
        plan.retry(),
        model,
        plan.timeout());
  }

  /** The variable holding the endpoint's key, checked; empty for none. */
  static String keyVariable(String keyEnv, String keyParam) {
    if (keyEnv == null || keyEnv.equals(DEFAULT_KEY_ENV)) {
      String key = System.getenv(DEFAULT_KEY_ENV);
      return key == null || key.isBlank() ? "" : DEFAULT_KEY_ENV;
    }
    apiKey(keyEnv, keyParam);
    return keyEnv;
  }

  static String apiKey(String keyEnv, String keyParam) {
    // the default variable (also the configuration's default) may be unset: a local endpoint
    if (keyEnv == null || keyEnv.equals(DEFAULT_KEY_ENV)) return System.getenv(DEFAULT_KEY_ENV);
    String key = System.getenv(keyEnv);
    if (key == null || key.isBlank())
      throw GroundedException.invalid(
          keyParam,
          "--" + keyParam + " names the environment variable " + keyEnv + ", which is not set");
    return key;
  }

  /** {@code url} as an http(s) URI with a host, else null. */
  static URI httpUrlOrNull(String url) {
    try {
      URI u = URI.create(url);
      if (u.getScheme() != null && u.getScheme().matches("https?") && u.getHost() != null) return u;
    } catch (IllegalArgumentException e) {
      // null below
    }
    return null;
  }

  static URI httpUrl(String url, String param) {
    try {
      URI u = URI.create(url);
      if (u.getScheme() != null && u.getScheme().matches("https?") && u.getHost() != null) return u;
    } catch (IllegalArgumentException e) {
      // below
    }
    throw GroundedException.invalid(param, "'" + url + "' is not an http(s) URL");
  }
}
