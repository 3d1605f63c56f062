package dev.grounded.audit.metrics;

import dev.grounded.answer.AskStages;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Times the ask pipeline's stages: {@code grounded_ask_stage_seconds{stage, outcome}}. */
final class AskMetrics implements AskStages {
  private final MeterRegistry registry;

  AskMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Stage begin(String name) {
    long started = System.nanoTime();
    return new Stage() {
      private boolean failed;

      @Override
      public void failed(RuntimeException e) {
        failed = true;
      }

      @Override
      public void close() {
        Timer.builder("grounded.ask.stage")
            .description("Stages of the ask pipeline (retrieve, rerank, generate, verify, ...)")
            .tags("stage", name, "outcome", failed ? "error" : "ok")
            .serviceLevelObjectives(Metrics.LATENCY_BUCKETS)
            .register(registry)
            .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
      }
    };
  }
}
