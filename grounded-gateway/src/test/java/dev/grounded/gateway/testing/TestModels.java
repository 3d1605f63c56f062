package dev.grounded.gateway.testing;

import dev.grounded.gateway.client.ChatModel;
import dev.grounded.gateway.reliability.RetryPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

/** Models over a fake upstream for tests, through a real gateway with quick retries. */
public final class TestModels {
  private TestModels() {}

  /** Three attempts per call, 1 ms apart. */
  public static final RetryPolicy QUICK_RETRY =
      new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1));

  /** {@code model} at the OpenAI-compatible {@code baseUrl}, no key, quick retries. */
  public static ChatModel over(URI baseUrl, String model) {
    return over(baseUrl, model, null);
  }

  /** The same, sending {@code apiKey} (null for none) as the bearer token. */
  public static ChatModel over(URI baseUrl, String model, String apiKey) {
    return ChatModel.openAiCompatible(
        baseUrl,
        apiKey == null ? "" : "TEST_MODEL_KEY",
        apiKey == null ? Map.of() : Map.of("TEST_MODEL_KEY", apiKey),
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
        QUICK_RETRY,
        model,
        Duration.ofSeconds(10));
  }
}
