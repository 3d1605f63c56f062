package dev.grounded.embed;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A BERT-style cross-encoder run in-process by ONNX Runtime: it reads a query and a passage
 * together ({@code [CLS] query [SEP] passage [SEP]}, token types 0 and 1) and scores their
 * relevance, as rerankers do. The model is a file the user supplies, such as an ms-marco MiniLM
 * cross-encoder exported to ONNX: a directory with {@code model.onnx} (or {@code onnx/model.onnx})
 * and the HuggingFace {@code tokenizer.json} (BERT WordPiece). Its output is {@code logits} (or its
 * first output) of shape [batch, 1], read as the score, or [batch, 2], read as the second logit
 * minus the first. Pairs are batched by length like the embedder's texts. Thread-safe.
 */
public final class OnnxCrossEncoder implements AutoCloseable {
  /** Longest token sequence of a pair, including [CLS] and two [SEP]. */
  public static final int MAX_LENGTH = 512;

  private static final int BATCH_SIZE = 32;
  private static final int BATCH_TOKENS = 32 * 256;

  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final WordPieceTokenizer tokenizer;
  private final Set<String> inputNames;
  private final String outputName;
  private final String description;

  private OnnxCrossEncoder(OrtSession session, WordPieceTokenizer tokenizer, String description)
      throws OrtException {
    this.session = session;
    this.tokenizer = tokenizer;
    this.description = description;
    this.inputNames = Set.copyOf(session.getInputNames());
    if (!inputNames.contains("input_ids"))
      throw GroundedException.invalid(
          "reranker", description + ": the model has no input_ids input");
    Set<String> outputs = session.getOutputNames();
    this.outputName = outputs.contains("logits") ? "logits" : outputs.iterator().next();
    ModelDir.expectFloat(
        session, outputName, 0, "reranker", description + ": " + outputName + " [batch, 1 or 2]");
    long[] shape =
        ((ai.onnxruntime.TensorInfo) session.getOutputInfo().get(outputName).getInfo()).getShape();
    if (shape.length == 2 && shape[1] > 2)
      throw GroundedException.invalid(
          "reranker",
          description
              + ": "
              + outputName
              + " has "
              + shape[1]
              + " values per pair; 1 or 2 expected");
  }

  /** Loads the model and tokenizer in {@code dir} (see the class comment). */
  public static OnnxCrossEncoder load(Path dir, int intraOpThreads) {
    Objects.requireNonNull(dir, "dir");
    if (intraOpThreads < 1)
      throw new IllegalArgumentException("intraOpThreads must be >= 1: " + intraOpThreads);
    return ModelDir.open(
        dir,
        intraOpThreads,
        "reranker",
        (session, tokenizer) -> new OnnxCrossEncoder(session, tokenizer, dir.toString()));
  }

  /** The relevance of each passage to the query, in passage order (higher is more relevant). */
  public float[] score(String query, List<String> passages) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(passages, "passages");
    int n = passages.size();
    float[] scores = new float[n];
    if (n == 0) return scores;
    EncodedPairs pairs = EncodedPairs.of(tokenizer, query, passages, MAX_LENGTH);
    for (int[] batch : pairs.batches(BATCH_SIZE, BATCH_TOKENS)) run(pairs, batch, scores);
    return scores;
  }

  private void run(EncodedPairs pairs, int[] batch, float[] scores) {
    ModelInput input = pairs.input(batch, tokenizer.padId());
    try (input;
        OrtSession.Result result = session.run(input.tensors(env, inputNames))) {
      OnnxTensor out = (OnnxTensor) result.get(outputName).orElseThrow();
      long[] shape = out.getInfo().getShape();
      int width = shape.length == 1 ? 1 : (int) shape[shape.length - 1];
      if (width != 1 && width != 2)
        throw GroundedException.invalid(
            "reranker",
            description
                + ": the model's output has "
                + width
                + " values per pair; 1 or 2 expected");
      FloatBuffer values = out.getFloatBuffer();
      for (int row = 0; row < batch.length; row++)
        scores[batch[row]] =
            width == 1 ? values.get(row) : values.get(row * 2 + 1) - values.get(row * 2);
    } catch (OrtException e) {
      throw new GroundedException(
          ErrorCode.INTERNAL, "cross-encoder inference failed: " + e.getMessage(), null, e);
    }
  }

  @Override
  public void close() {
    ModelDir.close(session);
  }

  @Override
  public String toString() {
    return "OnnxCrossEncoder[" + description + "]";
  }
}
