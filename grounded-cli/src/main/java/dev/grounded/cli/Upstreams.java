package dev.grounded.cli;

import dev.grounded.core.GroundedException;
import dev.grounded.gateway.upstream.ChatClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/** Chat clients for the model endpoints that commands call (judges, generators). */
final class Upstreams {
  private Upstreams() {}

  /**
   * A client of the OpenAI-compatible endpoint given by the option {@code --<param>}, else {@code
   * $OPENAI_BASE_URL}; the API key is read from the environment variable {@code keyEnv}.
   */
  static ChatClient chatClient(String url, String param, String keyEnv) {
    String base = url != null ? url : System.getenv("OPENAI_BASE_URL");
    if (base == null || base.isBlank())
      throw GroundedException.invalid(
          param, "no model endpoint: give --" + param + " or set OPENAI_BASE_URL");
    return new ChatClient(
        httpUrl(base, param),
        System.getenv(keyEnv),
        HttpClient.newHttpClient(),
        Duration.ofSeconds(120),
        3);
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
