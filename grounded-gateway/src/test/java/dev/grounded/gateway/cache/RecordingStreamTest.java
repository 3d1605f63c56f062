package dev.grounded.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.chain.ChunkStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Only a stream that ended well is handed over for storing — even when every chunk, finish reason
 * included, had arrived before it failed or was abandoned.
 */
class RecordingStreamTest {
  static final List<String> WHOLE =
      List.of(
          "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"}}]}",
          "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");

  /** The given chunks, then the end or (if {@code failAtEnd}) an upstream error. */
  static ChunkStream upstream(List<String> chunks, boolean failAtEnd) {
    Iterator<String> it = chunks.iterator();
    return new ChunkStream() {
      @Override
      public Optional<String> next() {
        if (it.hasNext()) return Optional.of(it.next());
        if (failAtEnd) throw new GroundedException(ErrorCode.UPSTREAM_ERROR, "cut");
        return Optional.empty();
      }

      @Override
      public void close() {}
    };
  }

  final List<List<String>> handedOver = new ArrayList<>();

  RecordingStream recording(ChunkStream upstream, long maxChars) {
    return new RecordingStream(upstream, maxChars, handedOver::add);
  }

  static void drain(ChunkStream s) {
    while (s.next().isPresent()) {}
  }

  @Test
  void aStreamThatEndsWellIsHandedOverWhole() {
    drain(recording(upstream(WHOLE, false), 10_000));
    assertThat(handedOver).containsExactly(WHOLE);
  }

  @Test
  void aStreamThatFailsAfterItsLastChunkIsNotHandedOver() {
    RecordingStream s = recording(upstream(WHOLE, true), 10_000);
    assertThatThrownBy(() -> drain(s)).isInstanceOf(GroundedException.class);
    s.close();
    assertThat(handedOver).isEmpty();
  }

  @Test
  void aStreamAbandonedBeforeItsEndIsNotHandedOver() {
    RecordingStream s = recording(upstream(WHOLE, false), 10_000);
    s.next();
    s.next();
    s.close();
    assertThat(handedOver).isEmpty();
  }

  @Test
  void aStreamLargerThanTheBoundIsPassedOnButNotHandedOver() {
    RecordingStream s = recording(upstream(WHOLE, false), 100);
    List<String> seen = new ArrayList<>();
    for (Optional<String> c = s.next(); c.isPresent(); c = s.next()) seen.add(c.get());
    assertThat(seen).isEqualTo(WHOLE);
    assertThat(handedOver).isEmpty();
  }
}
