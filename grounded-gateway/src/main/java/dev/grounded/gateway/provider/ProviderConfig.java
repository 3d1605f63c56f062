package dev.grounded.gateway.provider;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * One upstream: where it is, which environment variable holds its key, how long it may take to
 * start a stream. (The connect deadline is the {@link java.net.http.HttpClient}'s {@code
 * connectTimeout}; the total deadline comes with each request.)
 *
 * @param name e.g. {@code openai}, {@code vllm}; named in errors
 * @param baseUrl the API base, e.g. {@code https://api.openai.com/v1}; {@code /chat/completions} is
 *     appended
 * @param apiKeyEnv the environment variable holding the bearer key; empty for keyless servers
 *     (Ollama, llama.cpp)
 * @param firstTokenTimeout how long a streamed call may wait for the response head and first chunk
 */
public record ProviderConfig(
    String name, URI baseUrl, String apiKeyEnv, Duration firstTokenTimeout) {
  public ProviderConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(apiKeyEnv, "apiKeyEnv");
    Objects.requireNonNull(firstTokenTimeout, "firstTokenTimeout");
    if (name.isBlank()) throw new IllegalArgumentException("a provider needs a name");
    String scheme = baseUrl.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme))
      throw new IllegalArgumentException(
          "provider " + name + ": baseUrl must be http(s), not " + baseUrl);
    if (firstTokenTimeout.isNegative() || firstTokenTimeout.isZero())
      throw new IllegalArgumentException("provider " + name + ": firstTokenTimeout must be > 0");
  }

  /** {@code baseUrl} + {@code /chat/completions}. */
  public URI chatCompletions() {
    return URI.create(baseUrl.toString().replaceAll("/+$", "") + "/chat/completions");
  }
}
