package dev.grounded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppCloseTest {
  @TempDir Path data;

  /**
   * Closing the app while an inference runs must wait for it: closing the ONNX session under it
   * crashed the JVM (SIGSEGV in libonnxruntime), as a request in flight at shutdown once did.
   */
  @Test
  void closeWaitsForAnInferenceInFlightInsteadOfClosingTheModelUnderIt() throws Exception {
    App app = new App(data);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 64; i++)
      texts.add(("the quick brown fox jumps over the lazy dog number " + i + " ").repeat(20));
    app.concurrentEmbedder().embedQuery("warm up: load the model");
    CompletableFuture<List<float[]>> inFlight =
        CompletableFuture.supplyAsync(() -> app.concurrentEmbedder().embed(texts));
    Thread.sleep(200); // the batch takes seconds on this machine: close lands inside it
    app.close();
    List<float[]> vectors = inFlight.get(2, TimeUnit.MINUTES);
    assertThat(vectors).hasSize(64);
    assertThat(vectors.getFirst()).hasSize(384);
  }
}
