package dev.grounded.gateway.chain;

import java.util.List;
import java.util.Objects;

/**
 * Runs a request through interceptors in order and enforces their contract: an interceptor gets at
 * most one response from {@code proceed} (it may call again only after a call threw, which is how a
 * retry works), never returns null, and the last one answers without calling {@code proceed}.
 * Violations are {@link IllegalStateException}s naming the interceptor's class. Stateless: one
 * chain object is made per request and per stage.
 */
public final class InterceptorChain implements Chain {
  private final List<Interceptor> interceptors;
  private final int index;
  private final ChatRequest request;
  private boolean answered;

  private InterceptorChain(List<Interceptor> interceptors, int index, ChatRequest request) {
    this.interceptors = interceptors;
    this.index = index;
    this.request = request;
  }

  /** Runs {@code request} through {@code interceptors}, the first one outermost. */
  public static ChatResponse run(List<Interceptor> interceptors, ChatRequest request) {
    List<Interceptor> list = List.copyOf(interceptors);
    if (list.isEmpty())
      throw new IllegalArgumentException("a chain needs at least one interceptor");
    return new InterceptorChain(list, 0, Objects.requireNonNull(request, "request"))
        .proceed(request);
  }

  @Override
  public ChatRequest request() {
    return request;
  }

  @Override
  public ChatResponse proceed(ChatRequest next) {
    Objects.requireNonNull(next, "request");
    if (index >= interceptors.size())
      throw new IllegalStateException(
          name(index - 1) + " is the last interceptor and must answer without calling proceed()");
    if (answered)
      throw new IllegalStateException(
          name(index - 1)
              + " must call proceed() at most once: it already received a response (call it again"
              + " only after a call threw)");
    Interceptor interceptor = interceptors.get(index);
    ChatResponse response =
        interceptor.intercept(new InterceptorChain(interceptors, index + 1, next));
    if (response == null)
      throw new IllegalStateException(name(index) + " returned null from intercept()");
    answered = true;
    return response;
  }

  private String name(int i) {
    return interceptors.get(i).getClass().getName();
  }
}
