package dev.grounded.gateway.chain;

/**
 * Receives the chain's {@link GatewayEvent}s. Stages report business events here instead of
 * logging; metrics, traces and the audit log implement it. Called on the request's thread: must be
 * quick, thread-safe and must not throw.
 */
@FunctionalInterface
public interface GatewayListener {
  GatewayListener NONE = event -> {};

  void onEvent(GatewayEvent event);
}
