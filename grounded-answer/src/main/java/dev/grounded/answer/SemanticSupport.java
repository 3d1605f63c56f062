package dev.grounded.answer;

import dev.grounded.embed.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The offline support checker for paraphrases: a claim the {@link LexicalSupport} checker accepts
 * is supported; otherwise it is supported when one sentence of the source means nearly the same
 * (embedding cosine at least {@code minCosine}) and the source still holds at least {@code
 * minOverlap} of the claim's content words. The lexical guards stay: a number the source lacks
 * fails the claim, and so does a negation the source does not make. Embeddings of source sentences
 * are cached (sources repeat across claims). Thread-safe; its accuracy on labelled pairs is
 * measured in {@code SemanticSupportTest}.
 */
public final class SemanticSupport implements SupportChecker {
  public static final double DEFAULT_MIN_COSINE = 0.9;
  public static final double DEFAULT_MIN_OVERLAP = 0.3;

  /** Source sentences whose vectors are kept (10,000 x 384 floats: about 15 MB). */
  private static final int CACHE_LIMIT = 10_000;

  private final Embedder embedder;
  private final LexicalSupport lexical;
  private final double minCosine;
  private final double minOverlap;
  private final Map<String, float[]> cache = new ConcurrentHashMap<>();

  public SemanticSupport(
      Embedder embedder, LexicalSupport lexical, double minCosine, double minOverlap) {
    this.embedder = Objects.requireNonNull(embedder, "embedder");
    this.lexical = Objects.requireNonNull(lexical, "lexical");
    if (!(minCosine >= -1 && minCosine <= 1))
      throw new IllegalArgumentException("minCosine must be in [-1, 1]: " + minCosine);
    if (!(minOverlap >= 0 && minOverlap <= 1))
      throw new IllegalArgumentException("minOverlap must be in [0, 1]: " + minOverlap);
    this.minCosine = minCosine;
    this.minOverlap = minOverlap;
  }

  public SemanticSupport(Embedder embedder) {
    this(embedder, LexicalSupport.DEFAULT_THRESHOLD);
  }

  /** The default cosine and overlap over a lexical checker with {@code lexicalThreshold}. */
  public SemanticSupport(Embedder embedder, double lexicalThreshold) {
    this(embedder, new LexicalSupport(lexicalThreshold), DEFAULT_MIN_COSINE, DEFAULT_MIN_OVERLAP);
  }

  /**
   * The lexical score, raised to the lexical threshold when a sentence of the source means nearly
   * the same as the claim (and the overlap and the guards allow it).
   */
  @Override
  public double score(String claim, String source) {
    LexicalSupport.Overlap overlap = lexical.overlap(claim, source);
    double lex = overlap.score();
    if (lex >= lexical.threshold() || lex < minOverlap || overlap.guardFails()) return lex;
    double cos = bestCosine(claim, source);
    return cos >= minCosine ? Math.max(lex, lexical.threshold()) : lex;
  }

  @Override
  public boolean supports(String claim, String source) {
    return score(claim, source) >= lexical.threshold();
  }

  /** The highest cosine between the claim and a sentence of the source (or the whole source). */
  double bestCosine(String claim, String source) {
    List<String> texts = new ArrayList<>();
    for (Sentences.Span s : Sentences.split(source))
      texts.add(source.substring(s.start(), s.end()));
    if (texts.isEmpty()) texts.add(source);
    float[] c = vector(claim);
    double best = -1;
    for (String t : texts) best = Math.max(best, dot(c, vector(t)));
    return best;
  }

  private float[] vector(String text) {
    float[] v = cache.get(text);
    if (v != null) return v;
    v = embedder.embed(List.of(text)).getFirst();
    if (cache.size() < CACHE_LIMIT) cache.put(text, v);
    return v;
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }
}
