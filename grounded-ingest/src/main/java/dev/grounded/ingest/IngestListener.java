package dev.grounded.ingest;

/** Receives {@link IngestEvent}s, on the ingesting thread; must be quick and must not throw. */
@FunctionalInterface
public interface IngestListener {
  IngestListener NONE = event -> {};

  void on(IngestEvent event);
}
