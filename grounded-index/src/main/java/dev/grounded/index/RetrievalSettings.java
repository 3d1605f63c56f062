package dev.grounded.index;

import java.util.Locale;
import java.util.Objects;

/**
 * How a collection's hybrid search fuses BM25 and dense rankings: reciprocal rank fusion with its
 * constant k and the dense ranking's weight (0.5: both count the same, the original method),
 * min-max normalized linear fusion with the dense weight, or z-score linear fusion with the dense
 * weight, and the candidates each ranking contributes ({@code depth}), and how many fused hits a
 * reranker reads again ({@code rerankDepth}, 0 for none; it applies only where a reranker is
 * configured). {@link #DEFAULTS} is z-score fusion with dense weight 0.7 over 50 candidates each,
 * chosen by its worst case over six corpora (it keeps up with the better single mode where BM25 is
 * much stronger and where dense is); {@code grounded eval tune} finds a better setting for a corpus
 * and can save it with the collection.
 */
public record RetrievalSettings(
    Method method, int rrfK, double denseWeight, int depth, int rerankDepth) {
  /** The fusion method. */
  public enum Method {
    RRF,
    LINEAR,
    ZSCORE
  }

  /** The dense weight of the default fusion. */
  public static final double DEFAULT_DENSE_WEIGHT = 0.7;

  public static final RetrievalSettings DEFAULTS =
      zscore(DEFAULT_DENSE_WEIGHT, HybridRetriever.DEFAULT_DEPTH);

  public RetrievalSettings {
    Objects.requireNonNull(method, "method");
    if (rrfK < 1) throw new IllegalArgumentException("RRF k must be >= 1: " + rrfK);
    if (!(denseWeight >= 0 && denseWeight <= 1))
      throw new IllegalArgumentException("dense weight must be in [0, 1]: " + denseWeight);
    if (depth < 1 || depth > 1000)
      throw new IllegalArgumentException("depth must be in 1..1000: " + depth);
    if (rerankDepth < 0 || rerankDepth > 1000)
      throw new IllegalArgumentException("rerank depth must be in 0..1000: " + rerankDepth);
  }

  /** Hits a reranker reads when the settings name no depth. */
  public static final int DEFAULT_RERANK_DEPTH = 20;

  /** How deep to rerank where a reranker is configured: the saved depth, else the default. */
  public int rerankDepthOrDefault() {
    return rerankDepth > 0 ? rerankDepth : DEFAULT_RERANK_DEPTH;
  }

  /** The same fusion, its first {@code n} hits reranked when a reranker is configured (0: none). */
  public RetrievalSettings withRerankDepth(int n) {
    return new RetrievalSettings(method, rrfK, denseWeight, depth, n);
  }

  /** Unweighted RRF: both rankings count the same. */
  public static RetrievalSettings rrf(int k, int depth) {
    return rrf(k, 0.5, depth);
  }

  /** Weighted RRF: the dense ranking weighs {@code denseWeight}, BM25 the rest. */
  public static RetrievalSettings rrf(int k, double denseWeight, int depth) {
    return new RetrievalSettings(Method.RRF, k, denseWeight, depth, 0);
  }

  public static RetrievalSettings linear(double denseWeight, int depth) {
    return new RetrievalSettings(
        Method.LINEAR, ReciprocalRankFusion.DEFAULT_K, denseWeight, depth, 0);
  }

  /** Z-score linear fusion: the dense ranking weighs {@code denseWeight}, BM25 the rest. */
  public static RetrievalSettings zscore(double denseWeight, int depth) {
    return new RetrievalSettings(
        Method.ZSCORE, ReciprocalRankFusion.DEFAULT_K, denseWeight, depth, 0);
  }

  public Fusion fusion() {
    return switch (method) {
      case RRF -> ReciprocalRankFusion.of(rrfK, denseWeight);
      case LINEAR -> LinearFusion.of(denseWeight);
      case ZSCORE -> ZScoreFusion.of(denseWeight);
    };
  }

  /**
   * E.g. {@code rrf k=60 w=0.50 depth=50}, {@code linear w=0.70 depth=100 rerank=20} or {@code
   * zscore w=0.70 depth=50}.
   */
  public String describe() {
    String fusion =
        method == Method.RRF
            ? String.format(Locale.ROOT, "rrf k=%d w=%.2f depth=%d", rrfK, denseWeight, depth)
            : String.format(
                Locale.ROOT,
                "%s w=%.2f depth=%d",
                method.name().toLowerCase(Locale.ROOT),
                denseWeight,
                depth);
    return rerankDepth == 0 ? fusion : fusion + " rerank=" + rerankDepth;
  }
}
