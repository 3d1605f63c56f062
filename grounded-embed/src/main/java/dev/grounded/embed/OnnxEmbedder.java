package dev.grounded.embed;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A BERT-style sentence encoder run in-process by ONNX Runtime. Texts are tokenized, sorted by
 * length and batched so that each batch is padded only to its own longest text; vectors are pooled,
 * L2-normalized and returned in input order. Thread-safe; {@link #close()} releases the native
 * session.
 */
public final class OnnxEmbedder implements Embedder, AutoCloseable {
  /** The instruction bge models expect in front of a search query. */
  public static final String BGE_QUERY_PREFIX =
      "Represent this sentence for searching relevant passages: ";

  private static final String BGE_MODEL = "/bge-small-en-v1.5-q.onnx";
  private static final String HIDDEN_STATE = "last_hidden_state";

  /** How token vectors become one text vector. */
  public enum Pooling {
    /** The vector of the first ([CLS]) token; bge's pooling. */
    CLS,
    /** The mean of the vectors of all non-padding tokens. */
    MEAN
  }

  /**
   * @param queryPrefix text put in front of queries (may be empty)
   * @param pooling how token vectors are pooled
   * @param maxLength longest token sequence, including [CLS] and [SEP]; longer texts are truncated
   * @param batchSize most texts in one model call
   * @param batchTokens most tokens (padded) in one model call, so long texts make smaller batches
   */
  public record Options(
      String queryPrefix, Pooling pooling, int maxLength, int batchSize, int batchTokens) {
    public Options {
      Objects.requireNonNull(queryPrefix, "queryPrefix");
      Objects.requireNonNull(pooling, "pooling");
      if (maxLength < 2) throw new IllegalArgumentException("maxLength must be >= 2: " + maxLength);
      if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
      if (batchTokens < maxLength) {
        throw new IllegalArgumentException(
            "batchTokens must be >= maxLength (" + maxLength + "): " + batchTokens);
      }
    }

    /**
     * bge-small-en-v1.5: query instruction, CLS pooling, 512 tokens, batches of 32 texts or 4096
     * tokens.
     */
    public static Options bgeSmallEnV15() {
      return new Options(BGE_QUERY_PREFIX, Pooling.CLS, 512, 32, 32 * 256);
    }
  }

  private final OrtEnvironment env;
  private final OrtSession session;
  private final WordPieceTokenizer tokenizer;
  private final Options options;
  private final Set<String> inputNames;
  private final String outputName;
  private final int dimensions;

  private OnnxEmbedder(OrtSession session, WordPieceTokenizer tokenizer, Options options)
      throws OrtException {
    this.env = OrtEnvironment.getEnvironment();
    this.session = session;
    this.tokenizer = tokenizer;
    this.options = options;
    this.inputNames = Set.copyOf(session.getInputNames());
    if (!inputNames.contains("input_ids"))
      throw new IllegalArgumentException("model has no input_ids input");
    Set<String> outputs = session.getOutputNames();
    this.outputName = outputs.contains(HIDDEN_STATE) ? HIDDEN_STATE : outputs.iterator().next();
    NodeInfo out = session.getOutputInfo().get(outputName);
    long[] shape = ((TensorInfo) out.getInfo()).getShape();
    this.dimensions =
        shape[shape.length - 1] > 0
            ? (int) shape[shape.length - 1]
            : embed(List.of("")).get(0).length;
  }

  /**
   * bge-small-en-v1.5 (int8-quantized) from the classpath, with ONNX Runtime using {@code
   * intraOpThreads}.
   */
  public static OnnxEmbedder bgeSmallEnV15Q(int intraOpThreads) {
    return bgeSmallEnV15Q(WordPieceTokenizer.bgeSmallEnV15(), intraOpThreads);
  }

  /** The same, sharing a tokenizer the caller already loaded (for the chunker, say). */
  public static OnnxEmbedder bgeSmallEnV15Q(WordPieceTokenizer tokenizer, int intraOpThreads) {
    return create(readResource(BGE_MODEL), tokenizer, Options.bgeSmallEnV15(), intraOpThreads);
  }

  /**
   * An embedder over a BERT-style ONNX model: inputs {@code input_ids} and optionally {@code
   * attention_mask} and {@code token_type_ids}; output {@code last_hidden_state} (or else its first
   * output) of shape [batch, sequence, dim].
   */
  public static OnnxEmbedder create(
      byte[] model, WordPieceTokenizer tokenizer, Options options, int intraOpThreads) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(tokenizer, "tokenizer");
    Objects.requireNonNull(options, "options");
    if (intraOpThreads < 1)
      throw new IllegalArgumentException("intraOpThreads must be >= 1: " + intraOpThreads);
    try (OrtSession.SessionOptions so = Sessions.options(intraOpThreads)) {
      OrtSession session = OrtEnvironment.getEnvironment().createSession(model, so);
      try {
        return new OnnxEmbedder(session, tokenizer, options);
      } catch (OrtException | RuntimeException e) {
        session.close();
        throw e;
      }
    } catch (OrtException e) {
      throw new GroundedException(
          ErrorCode.INTERNAL, "cannot load ONNX model: " + e.getMessage(), null, e);
    }
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    Objects.requireNonNull(texts, "texts");
    if (texts.isEmpty()) return List.of();
    int[][] ids = new int[texts.size()][];
    int[] lengths = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      String text = Objects.requireNonNull(texts.get(i), "texts[" + i + "]");
      ids[i] = tokenizer.encode(text, options.maxLength());
      lengths[i] = ids[i].length;
    }
    float[][] vectors = new float[ids.length][];
    for (int[] batch : Batches.plan(lengths, options.batchSize(), options.batchTokens())) {
      run(ids, batch, vectors);
    }
    return List.of(vectors);
  }

  @Override
  public float[] embedQuery(String query) {
    Objects.requireNonNull(query, "query");
    return embed(List.of(options.queryPrefix() + query)).get(0);
  }

  @Override
  public int dimensions() {
    return dimensions;
  }

  @Override
  public void close() {
    ModelDir.close(session);
  }

  /**
   * Runs one batch (longest sequence first) and stores each pooled, normalized vector at its input
   * index.
   */
  private void run(int[][] ids, int[] batch, float[][] vectors) {
    int seq = ids[batch[0]].length;
    ModelInput input = ModelInput.of(ids, batch, seq, tokenizer.padId());
    try (input;
        OrtSession.Result result = session.run(input.tensors(env, inputNames))) {
      OnnxTensor hidden = (OnnxTensor) result.get(outputName).orElseThrow();
      long[] shape = hidden.getInfo().getShape();
      int dim = (int) shape[2];
      FloatBuffer states = hidden.getFloatBuffer();
      for (int row = 0; row < batch.length; row++) {
        int length = ids[batch[row]].length;
        vectors[batch[row]] = normalize(pool(states, row * seq * dim, length, dim));
      }
    } catch (OrtException e) {
      throw new GroundedException(
          ErrorCode.INTERNAL, "ONNX inference failed: " + e.getMessage(), null, e);
    }
  }

  /**
   * Pools one row of token vectors starting at {@code offset}; padding positions are never read.
   */
  private float[] pool(FloatBuffer states, int offset, int length, int dim) {
    float[] v = new float[dim];
    if (options.pooling() == Pooling.CLS) {
      states.get(offset, v);
      return v;
    }
    for (int t = 0; t < length; t++) {
      for (int d = 0; d < dim; d++) v[d] += states.get(offset + t * dim + d);
    }
    for (int d = 0; d < dim; d++) v[d] /= length;
    return v;
  }

  private static float[] normalize(float[] v) {
    double sum = 0;
    for (float x : v) sum += (double) x * x;
    float scale = sum > 0 ? (float) (1 / Math.sqrt(sum)) : 1f;
    for (int i = 0; i < v.length; i++) v[i] *= scale;
    return v;
  }

  private static byte[] readResource(String name) {
    try (InputStream in = OnnxEmbedder.class.getResourceAsStream(name)) {
      if (in == null)
        throw new GroundedException(
            ErrorCode.INTERNAL, "classpath resource " + name + " is missing");
      return in.readAllBytes();
    } catch (IOException e) {
      throw new GroundedException(ErrorCode.INTERNAL, "cannot read " + name, null, e);
    }
  }

  @Override
  public String toString() {
    return "OnnxEmbedder[dimensions=" + dimensions + ", " + options + "]";
  }
}
