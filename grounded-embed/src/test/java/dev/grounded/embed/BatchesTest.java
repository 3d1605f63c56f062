package dev.grounded.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchesTest {
  @Test
  void everyIndexLandsInExactlyOneBatchWithinTheSizeAndTokenBounds() {
    long seed = Long.getLong("tests.seed", System.nanoTime());
    Random random = new Random(seed);
    for (int round = 0; round < 500; round++) {
      int[] lengths = new int[random.nextInt(100)];
      for (int i = 0; i < lengths.length; i++)
        lengths[i] = 2 + random.nextInt(random.nextBoolean() ? 20 : 511);
      int maxSize = 1 + random.nextInt(40);
      int maxTokens = 512 + random.nextInt(4096);
      List<int[]> batches = Batches.plan(lengths, maxSize, maxTokens);
      boolean[] seen = new boolean[lengths.length];
      for (int[] batch : batches) {
        int longest = lengths[batch[0]];
        assertThat(batch.length).as("seed %d", seed).isBetween(1, maxSize);
        if (batch.length > 1)
          assertThat(batch.length * longest).as("seed %d", seed).isLessThanOrEqualTo(maxTokens);
        for (int index : batch) {
          assertThat(seen[index]).as("index %d twice, seed %d", index, seed).isFalse();
          assertThat(lengths[index]).as("seed %d", seed).isBetween((longest + 1) / 2, longest);
          seen[index] = true;
        }
      }
      for (int i = 0; i < seen.length; i++)
        assertThat(seen[i]).as("index %d missing, seed %d", i, seed).isTrue();
    }
  }

  @Test
  void similarLengthsShareABatchAndVeryDifferentOnesDoNot() {
    List<int[]> batches = Batches.plan(new int[] {5, 400, 6, 401, 5, 150}, 2, 4096);
    assertThat(batches)
        .containsExactly(new int[] {3, 1}, new int[] {5}, new int[] {2, 0}, new int[] {4});
  }
}
