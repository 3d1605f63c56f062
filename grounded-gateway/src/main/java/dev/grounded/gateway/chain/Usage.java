package dev.grounded.gateway.chain;

/** Tokens a completion used as the upstream reported them; zero when it reported none. */
public record Usage(long promptTokens, long completionTokens) {
  public static final Usage NONE = new Usage(0, 0);

  public Usage {
    if (promptTokens < 0 || completionTokens < 0)
      throw new IllegalArgumentException("token counts must be >= 0");
  }

  public long totalTokens() {
    return promptTokens + completionTokens;
  }
}
