package dev.grounded.server;

import java.util.concurrent.ExecutorService;

/**
 * Readiness: the server answers {@code /healthz} as soon as it listens, and {@code /readyz} once
 * the embedding model is loaded (warmed up in the background at start) and the data directory
 * answers.
 */
final class Readiness {
  private final Services services;
  private volatile boolean modelLoaded;
  private volatile String failure;

  Readiness(Services services) {
    this.services = services;
  }

  void warmUp(ExecutorService executor) {
    executor.execute(
        () -> {
          try {
            services.embedder().embedQuery("warm up");
            modelLoaded = true;
          } catch (RuntimeException e) {
            failure = "embedding model failed to load: " + e.getMessage();
          }
        });
  }

  /** Null when ready, else why not. */
  String notReadyReason() {
    if (failure != null) return failure;
    if (!modelLoaded) return "loading the embedding model";
    try {
      services.knowledge().collections(Auth.OPEN_TENANT);
      return null;
    } catch (RuntimeException e) {
      return "data directory unavailable: " + e.getMessage();
    }
  }
}
