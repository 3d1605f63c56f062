package dev.grounded.audit.metrics;

import dev.grounded.ingest.IngestEvent;
import dev.grounded.ingest.IngestListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Ingest throughput: {@code grounded_ingest_documents_total{result}} (indexed, skipped, failed,
 * pruned) and {@code grounded_ingest_chunks_total}. No source name is a label.
 */
final class IngestMetrics implements IngestListener {
  private final Counter indexed;
  private final Counter skipped;
  private final Counter failed;
  private final Counter pruned;
  private final Counter chunks;

  IngestMetrics(MeterRegistry registry) {
    this.indexed = documents(registry, "indexed");
    this.skipped = documents(registry, "skipped");
    this.failed = documents(registry, "failed");
    this.pruned = documents(registry, "pruned");
    this.chunks =
        Counter.builder("grounded.ingest.chunks")
            .description("Chunks written to the index by ingests")
            .register(registry);
  }

  private static Counter documents(MeterRegistry registry, String result) {
    return Counter.builder("grounded.ingest.documents")
        .description("Documents ingested, by result")
        .tag("result", result)
        .register(registry);
  }

  @Override
  public void on(IngestEvent event) {
    switch (event) {
      case IngestEvent.Indexed i -> {
        indexed.increment();
        chunks.increment(i.chunks());
      }
      case IngestEvent.Skipped s -> skipped.increment();
      case IngestEvent.Failed f -> failed.increment();
      case IngestEvent.Pruned p -> pruned.increment();
      default -> {}
    }
  }
}
