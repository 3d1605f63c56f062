package dev.grounded.guard.linear;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A logistic model over {@link TextFeatures}: the probability that a text is of the positive class.
 * A text's feature vector counts each bucket and is divided by the square root of the number of
 * features, so that length does not decide the score.
 *
 * <p>A text longer than {@code window} normalized characters is scored window by window ({@code
 * stride} apart, the last one ending at the text's end) and the most positive window counts: a
 * sentence planted in a long document is not drowned by the document around it. Scoring costs one
 * pass over the text (window sums come from prefix sums).
 *
 * <p>Immutable and thread-safe. The file format ({@link #write}, {@link #read}) is gzip of: magic
 * {@code GLTC}, version, the feature settings, window and stride, the bias, and one float16 weight
 * per bucket.
 */
public final class LinearTextClassifier {
  private static final int MAGIC = 0x474c5443; // "GLTC"
  private static final int VERSION = 1;

  private final TextFeatures features;
  private final float[] weights;
  private final float bias;
  private final int window;
  private final int stride;

  public LinearTextClassifier(
      TextFeatures features, float[] weights, float bias, int window, int stride) {
    this.features = Objects.requireNonNull(features, "features");
    if (weights.length != features.buckets())
      throw new IllegalArgumentException(
          weights.length + " weights for " + features.buckets() + " buckets");
    if (window < 16 || stride < 1 || stride > window)
      throw new IllegalArgumentException("bad window " + window + " / stride " + stride);
    this.weights = weights.clone();
    this.bias = bias;
    this.window = window;
    this.stride = stride;
  }

  public TextFeatures features() {
    return features;
  }

  public int window() {
    return window;
  }

  public int stride() {
    return stride;
  }

  /** The probability (in [0, 1]) of the positive class, over the text's most positive window. */
  public double probability(String text) {
    return sigmoid(logit(text));
  }

  /** The log-odds of the positive class, over the text's most positive window. */
  public double logit(String text) {
    String s = TextFeatures.normalize(text);
    int n = s.length();
    if (n <= window) {
      double[] acc = new double[2];
      features.forEach(
          s,
          (bucket, anchor) -> {
            acc[0] += weights[bucket];
            acc[1]++;
          });
      return bias + (acc[1] == 0 ? 0 : acc[0] / Math.sqrt(acc[1]));
    }
    double[] sum = new double[n + 1];
    int[] count = new int[n + 1];
    features.forEach(
        s,
        (bucket, anchor) -> {
          sum[anchor + 1] += weights[bucket];
          count[anchor + 1]++;
        });
    for (int i = 1; i <= n; i++) {
      sum[i] += sum[i - 1];
      count[i] += count[i - 1];
    }
    double best = Double.NEGATIVE_INFINITY;
    for (int start = 0; ; start += stride) {
      int end = Math.min(n, start + window);
      if (end == n) start = n - window;
      int c = count[end] - count[start];
      double z = bias + (c == 0 ? 0 : (sum[end] - sum[start]) / Math.sqrt(c));
      best = Math.max(best, z);
      if (end == n) return best;
    }
  }

  /** The feature vector the model scores (and the trainer fits) for a whole text. */
  public static SparseVector vector(TextFeatures features, String text) {
    String s = TextFeatures.normalize(text);
    int[] buckets = new int[Math.max(16, s.length() * 4)];
    int[] n = {0};
    int[][] ref = {buckets};
    features.forEach(
        s,
        (bucket, anchor) -> {
          if (n[0] == ref[0].length) ref[0] = Arrays.copyOf(ref[0], n[0] * 2);
          ref[0][n[0]++] = bucket;
        });
    return SparseVector.ofCounts(ref[0], n[0]);
  }

  static double sigmoid(double z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }

  double dot(SparseVector x) {
    double z = bias;
    for (int i = 0; i < x.size(); i++) z += weights[x.index(i)] * x.value(i);
    return z;
  }

  /** Writes the model (gzip, float16 weights: a 2^18-bucket model is a few hundred KB). */
  public void write(OutputStream out) {
    try {
      GZIPOutputStream gzip = new GZIPOutputStream(new BufferedOutputStream(out));
      DataOutputStream d = new DataOutputStream(gzip);
      d.writeInt(MAGIC);
      d.writeInt(VERSION);
      d.writeInt(features.bits());
      d.writeInt(features.charMin());
      d.writeInt(features.charMax());
      d.writeInt(features.wordMax());
      d.writeInt(window);
      d.writeInt(stride);
      d.writeFloat(bias);
      for (float w : weights) d.writeShort(Float.floatToFloat16(w));
      d.flush();
      gzip.finish();
      gzip.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a model {@link #write} wrote; weights are the float16 values, widened. */
  public static LinearTextClassifier read(InputStream in) {
    try (DataInputStream d =
        new DataInputStream(new GZIPInputStream(new BufferedInputStream(in)))) {
      if (d.readInt() != MAGIC) throw new IllegalArgumentException("not a linear text model");
      int version = d.readInt();
      if (version != VERSION)
        throw new IllegalArgumentException("linear text model version " + version + " unknown");
      TextFeatures f = new TextFeatures(d.readInt(), d.readInt(), d.readInt(), d.readInt());
      int window = d.readInt();
      int stride = d.readInt();
      float bias = d.readFloat();
      float[] w = new float[f.buckets()];
      for (int i = 0; i < w.length; i++) w[i] = Float.float16ToFloat(d.readShort());
      return new LinearTextClassifier(f, w, bias, window, stride);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The model as {@link #read} would give it back (weights rounded to float16). */
  public LinearTextClassifier rounded() {
    float[] w = new float[weights.length];
    for (int i = 0; i < w.length; i++)
      w[i] = Float.float16ToFloat(Float.floatToFloat16(weights[i]));
    return new LinearTextClassifier(features, w, bias, window, stride);
  }
}
