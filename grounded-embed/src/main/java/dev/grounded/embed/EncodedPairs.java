package dev.grounded.embed;

import java.util.List;
import java.util.Objects;

/**
 * Text pairs tokenized for a model that reads them together ({@code [CLS] first [SEP] second
 * [SEP]}): each pair's ids and the index where its second text starts.
 */
record EncodedPairs(int[][] ids, int[] secondStarts) {
  static EncodedPairs of(
      WordPieceTokenizer tokenizer, String first, List<String> seconds, int maxLength) {
    int n = seconds.size();
    int[][] ids = new int[n][];
    int[] secondStarts = new int[n];
    for (int i = 0; i < n; i++) {
      WordPieceTokenizer.Pair pair =
          tokenizer.encodePair(
              first, Objects.requireNonNull(seconds.get(i), "texts[" + i + "]"), maxLength);
      ids[i] = pair.ids();
      secondStarts[i] = pair.secondStart();
    }
    return new EncodedPairs(ids, secondStarts);
  }

  /** Batches of pair indices, longest first (see {@link Batches#plan}). */
  List<int[]> batches(int maxSize, int maxTokens) {
    int[] lengths = new int[ids.length];
    for (int i = 0; i < ids.length; i++) lengths[i] = ids[i].length;
    return Batches.plan(lengths, maxSize, maxTokens);
  }

  /** The model input of one batch, padded to its longest pair. */
  ModelInput input(int[] batch, int padId) {
    return ModelInput.of(ids, secondStarts, batch, ids[batch[0]].length, padId);
  }
}
