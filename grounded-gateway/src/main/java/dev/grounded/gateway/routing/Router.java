package dev.grounded.gateway.routing;

import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.Target;
import java.util.List;

/** Decides where a request goes. Implementations are thread-safe. */
@FunctionalInterface
public interface Router {
  /** Sends every request unrouted: its model goes to the gateway's single provider as named. */
  Router NONE = request -> List.of();

  /**
   * The targets to try for {@code request}, first choice first, then its fallbacks; empty means
   * unrouted.
   *
   * @throws dev.grounded.core.GroundedException {@code model_not_found} when the request names
   *     neither an alias nor a model a rule routes
   */
  List<Target> route(ChatRequest request);
}
