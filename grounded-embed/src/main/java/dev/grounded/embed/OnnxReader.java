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
 * An extractive question-answering model (a "reader") run in-process by ONNX Runtime: for a
 * question and a passage it finds the best answer span and says how much it prefers no answer, the
 * way SQuAD 2.0 models do. The model is a file the user supplies, a BERT-family model fine-tuned on
 * SQuAD 2.0 and exported to ONNX (such as deepset's minilm-uncased-squad2): a directory with {@code
 * model.onnx} and the HuggingFace {@code tokenizer.json}, outputs {@code start_logits} and {@code
 * end_logits} of shape [batch, sequence]. A span's score is its start and end logits added; the
 * no-answer score is the same at [CLS]. Spans lie inside the passage and are at most {@value
 * #MAX_ANSWER_TOKENS} tokens long. Thread-safe.
 */
public final class OnnxReader implements AutoCloseable {
  public static final int MAX_LENGTH = 384;
  public static final int MAX_ANSWER_TOKENS = 30;
  private static final int BATCH_SIZE = 16;
  private static final int BATCH_TOKENS = 16 * 384;

  /**
   * The best span of a passage, widened to whole words: its text (normalized: lower-cased word
   * pieces joined, words spaced; compare without whitespace), which occurrence of that text in the
   * passage it is (1 for the first), its score, and the passage's no-answer score.
   */
  public record Span(String text, int occurrence, double score, double noAnswer) {
    /** How much the span beats no answer (positive: the model would answer). */
    public double margin() {
      return score - noAnswer;
    }
  }

  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final WordPieceTokenizer tokenizer;
  private final Set<String> inputNames;

  private OnnxReader(OrtSession session, WordPieceTokenizer tokenizer, Path dir)
      throws OrtException {
    this.session = session;
    this.tokenizer = tokenizer;
    this.inputNames = Set.copyOf(session.getInputNames());
    Set<String> outputs = session.getOutputNames();
    if (!inputNames.contains("input_ids")
        || !outputs.contains("start_logits")
        || !outputs.contains("end_logits"))
      throw GroundedException.invalid(
          "generator",
          dir
              + ": a reader takes input_ids and gives start_logits and end_logits; this model has "
              + inputNames
              + " -> "
              + outputs);
    for (String name : List.of("start_logits", "end_logits"))
      ModelDir.expectFloat(session, name, 2, "generator", dir + ": " + name + " [batch, sequence]");
  }

  /** Loads the reader in {@code dir} (see the class comment). */
  public static OnnxReader load(Path dir, int intraOpThreads) {
    Objects.requireNonNull(dir, "dir");
    return ModelDir.open(
        dir,
        intraOpThreads,
        "generator",
        (session, tokenizer) -> new OnnxReader(session, tokenizer, dir));
  }

  /** The best span of each passage for the question, in passage order. */
  public List<Span> read(String question, List<String> passages) {
    Objects.requireNonNull(question, "question");
    EncodedPairs pairs = EncodedPairs.of(tokenizer, question, passages, MAX_LENGTH);
    Span[] spans = new Span[passages.size()];
    for (int[] batch : pairs.batches(BATCH_SIZE, BATCH_TOKENS)) run(pairs, batch, spans);
    return List.of(spans);
  }

  private void run(EncodedPairs pairs, int[] batch, Span[] spans) {
    int seq = pairs.ids()[batch[0]].length;
    ModelInput input = pairs.input(batch, tokenizer.padId());
    try (input;
        OrtSession.Result result = session.run(input.tensors(env, inputNames))) {
      FloatBuffer start = ((OnnxTensor) result.get("start_logits").orElseThrow()).getFloatBuffer();
      FloatBuffer end = ((OnnxTensor) result.get("end_logits").orElseThrow()).getFloatBuffer();
      if (start.remaining() < batch.length * seq || end.remaining() < batch.length * seq)
        throw GroundedException.invalid(
            "generator", "the reader's logits are not [batch, sequence] for this batch");
      for (int row = 0; row < batch.length; row++) {
        int i = batch[row];
        spans[i] = best(pairs.ids()[i], pairs.secondStarts()[i], start, end, row * seq);
      }
    } catch (OrtException e) {
      throw new GroundedException(
          ErrorCode.INTERNAL, "reader inference failed: " + e.getMessage(), null, e);
    }
  }

  /** The best span among the passage's tokens (its final [SEP] excluded). */
  private Span best(int[] tokens, int from, FloatBuffer start, FloatBuffer end, int base) {
    int last = tokens.length - 2; // before the final [SEP]
    double bestScore = Double.NEGATIVE_INFINITY;
    int bestStart = from, bestEnd = from - 1;
    for (int i = from; i <= last; i++) {
      double s = start.get(base + i);
      for (int j = i; j <= Math.min(last, i + MAX_ANSWER_TOKENS - 1); j++) {
        double score = s + end.get(base + j);
        if (score > bestScore) {
          bestScore = score;
          bestStart = i;
          bestEnd = j;
        }
      }
    }
    double noAnswer = start.get(base) + end.get(base);
    if (bestEnd < bestStart)
      return new Span("", 0, Double.NEGATIVE_INFINITY, noAnswer); // empty passage
    // whole words: a span never starts or ends inside a word
    while (bestStart > from && tokenizer.continuesWord(tokens[bestStart])) bestStart--;
    while (bestEnd < last && tokenizer.continuesWord(tokens[bestEnd + 1])) bestEnd++;
    String text = tokenizer.decode(tokens, bestStart, bestEnd + 1);
    // which occurrence of that text in the passage the span is, so it is quoted where it was found
    String before = tokenizer.decode(tokens, from, bestEnd + 1);
    return new Span(text, occurrences(fold(before), fold(text)), bestScore, noAnswer);
  }

  /** Lower-cased, whitespace removed: how spans are compared with text. */
  static String fold(String s) {
    return s.toLowerCase(java.util.Locale.ROOT).replaceAll("\\s+", "");
  }

  /** Non-overlapping occurrences of {@code part} in {@code whole} (its last is the span). */
  private static int occurrences(String whole, String part) {
    if (part.isEmpty()) return 0;
    int n = 0;
    for (int at = whole.indexOf(part); at >= 0; at = whole.indexOf(part, at + part.length())) n++;
    return Math.max(1, n);
  }

  @Override
  public void close() {
    ModelDir.close(session);
  }
}
