package dev.grounded.guard.linear;

import java.util.Arrays;

/** A feature vector: distinct bucket indices in ascending order and their values. */
public record SparseVector(int[] indices, float[] values) {
  public SparseVector {
    if (indices.length != values.length)
      throw new IllegalArgumentException(indices.length + " indices, " + values.length + " values");
  }

  /** Bucket counts over the first {@code n} of {@code buckets}, divided by sqrt(n). */
  static SparseVector ofCounts(int[] buckets, int n) {
    int[] sorted = Arrays.copyOf(buckets, n);
    Arrays.sort(sorted);
    int[] idx = new int[n];
    float[] val = new float[n];
    int k = -1;
    for (int i = 0; i < n; i++) {
      if (k >= 0 && idx[k] == sorted[i]) val[k]++;
      else {
        idx[++k] = sorted[i];
        val[k] = 1;
      }
    }
    float scale = n == 0 ? 0 : (float) (1 / Math.sqrt(n));
    for (int i = 0; i <= k; i++) val[i] *= scale;
    return new SparseVector(Arrays.copyOf(idx, k + 1), Arrays.copyOf(val, k + 1));
  }

  public int size() {
    return indices.length;
  }

  public int index(int i) {
    return indices[i];
  }

  public float value(int i) {
    return values[i];
  }
}
