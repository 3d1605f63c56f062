package dev.grounded.gateway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.chain.ChatRequest;
import java.util.Locale;

/**
 * What the caller asked of the cache for one request: the request header {@code x-grounded-cache}
 * ({@code no}: neither served from nor stored in the cache; {@code yes}: cached even though the
 * temperature is above 0) and LiteLLM's body field {@code "cache": {"no-cache": true, "no-store":
 * true}} ({@code no-cache}: not served from the cache, the fresh answer is stored; {@code
 * no-store}: this answer is not stored). The body field is taken out before the request goes
 * upstream.
 *
 * @param read whether a cached answer may be served
 * @param store whether the answer may be stored
 * @param forward the request to send on, without the {@code cache} field
 */
record CacheControl(boolean read, boolean store, ChatRequest forward) {
  /** The request header, also the response header that says how the cache answered. */
  static final String HEADER = "x-grounded-cache";

  static CacheControl of(ChatRequest request) {
    String header = request.metadata().header(HEADER).orElse("").trim().toLowerCase(Locale.ROOT);
    boolean optOut = header.equals("no");
    boolean optIn = header.equals("yes");
    if (!header.isEmpty() && !optOut && !optIn)
      throw GroundedException.invalid(
          HEADER, "header x-grounded-cache must be yes or no, not \"" + header + "\"");
    boolean read = !optOut;
    boolean store = !optOut;
    ChatRequest forward = request;
    ObjectNode body = request.body();
    JsonNode field = body.get("cache");
    if (field != null) {
      if (!field.isObject())
        throw GroundedException.invalid(
            "cache", "cache must be an object such as {\"no-cache\": true, \"no-store\": true}");
      if (field.path("no-cache").asBoolean(false)) read = false;
      if (field.path("no-store").asBoolean(false)) store = false;
      body.remove("cache");
      forward = request.withBody(body);
    }
    // temperature > 0 asks for a fresh sample; no temperature means the upstream's default (1 for
    // OpenAI and Anthropic), so it counts as > 0 too
    if (!optIn && request.temperature().orElse(1.0) > 0) {
      read = false;
      store = false;
    }
    return new CacheControl(read, store, forward);
  }

  /** Whether the cache has nothing to do with this request. */
  boolean bypass() {
    return !read && !store;
  }
}
