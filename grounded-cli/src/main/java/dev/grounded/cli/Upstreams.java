package dev.grounded.cli;

import dev.grounded.core.GroundedException;
import dev.grounded.gateway.upstream.ChatClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/** Chat clients for the model endpoints that commands call (judges, generators). */
final class Upstreams {
  private Upstreams() {}

  /** The API key's variable when no {@code --*-api-key-env} option names one; it may be unset. */
  static final String DEFAULT_KEY_ENV = "OPENAI_API_KEY";

  /**
   * A client of the OpenAI-compatible endpoint given by the option {@code --<param>}, else {@code
   * $OPENAI_BASE_URL}; the API key is read from the environment variable {@code keyEnv}, given by
   * the option {@code --<keyParam>}: it must be set then. Without the option the key comes from
   * {@value #DEFAULT_KEY_ENV} if set (a local model server needs none).
   */
  static ChatClient chatClient(String url, String param, String keyEnv, String keyParam) {
    String base = url != null ? url : System.getenv("OPENAI_BASE_URL");
    if (base == null || base.isBlank())
      throw GroundedException.invalid(
          param, "no model endpoint: give --" + param + " or set OPENAI_BASE_URL");
    return new ChatClient(
        httpUrl(base, param),
        apiKey(keyEnv, keyParam),
        HttpClient.newHttpClient(),
        Duration.ofSeconds(120),
        3);
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
