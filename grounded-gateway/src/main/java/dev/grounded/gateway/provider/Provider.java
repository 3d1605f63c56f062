package dev.grounded.gateway.provider;

import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;

/**
 * A model vendor's API behind one wire protocol. A provider makes exactly one upstream call per
 * {@link #chat} (retries, fallbacks and breakers are interceptors) and finishes by the request's
 * deadline. Implementations are thread-safe.
 */
public interface Provider {

  /**
   * The provider's name from the configuration, e.g. {@code openai}; used in errors and ledgers.
   */
  String name();

  /**
   * Sends {@code request} upstream. For {@code stream: true} it returns once the upstream has
   * answered 200 and sent its first chunk, so every failure before that is thrown here and can be
   * retried.
   *
   * @throws dev.grounded.core.GroundedException the upstream's failure mapped to a Grounded code;
   *     {@code retriable()} says whether another attempt can help
   */
  ChatResponse chat(ChatRequest request);
}
