package dev.grounded.gateway.chain;

/** The rest of the chain as one interceptor sees it. Used by one thread, for one request. */
public interface Chain {

  /** The request as the interceptors before this one left it. */
  ChatRequest request();

  /**
   * Runs the rest of the chain on {@code request}.
   *
   * @throws IllegalStateException when the interceptor already received a response from this chain,
   *     or is the last one (nothing follows it)
   */
  ChatResponse proceed(ChatRequest request);
}
