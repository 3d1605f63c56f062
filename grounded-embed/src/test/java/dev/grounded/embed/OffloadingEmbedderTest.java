package dev.grounded.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grounded.core.GroundedException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class OffloadingEmbedderTest {
  /** Records whether it ran on a virtual thread; fails on the text "boom". */
  static final class Probe implements Embedder {
    final AtomicBoolean ranVirtual = new AtomicBoolean();

    @Override
    public List<float[]> embed(List<String> texts) {
      ranVirtual.set(Thread.currentThread().isVirtual());
      if (texts.contains("boom")) throw GroundedException.invalid("input", "boom");
      return texts.stream().map(t -> new float[] {t.length()}).toList();
    }

    @Override
    public float[] embedQuery(String query) {
      return embed(List.of(query)).getFirst();
    }

    @Override
    public int dimensions() {
      return 1;
    }
  }

  @Test
  void callsFromVirtualThreadsRunOnThePlatformThreadsAndReturnTheDelegatesResult()
      throws Exception {
    Probe probe = new Probe();
    try (ExecutorService platform = Executors.newFixedThreadPool(2);
        ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
      OffloadingEmbedder e = new OffloadingEmbedder(probe, platform);
      float[] v = virtual.submit(() -> e.embedQuery("four")).get();
      assertThat(v).containsExactly(4f);
      assertThat(probe.ranVirtual).isFalse();
      assertThat(e.embed(List.of())).isEmpty();
      assertThat(e.dimensions()).isEqualTo(1);
    }
  }

  @Test
  void theDelegatesExceptionsArriveUnchanged() {
    try (ExecutorService platform = Executors.newFixedThreadPool(1)) {
      OffloadingEmbedder e = new OffloadingEmbedder(new Probe(), platform);
      assertThatThrownBy(() -> e.embed(List.of("boom")))
          .isInstanceOf(GroundedException.class)
          .hasMessage("boom");
    }
  }
}
