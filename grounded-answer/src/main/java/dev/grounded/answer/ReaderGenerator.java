package dev.grounded.answer;

import dev.grounded.core.Answer;
import dev.grounded.core.Chunk;
import dev.grounded.core.Citation;
import dev.grounded.core.Hit;
import dev.grounded.embed.OnnxReader;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Answers with an extractive reader (a SQuAD 2.0 model, see {@link OnnxReader}): the reader reads
 * the question against each retrieved chunk, the chunk whose best span beats its no-answer score by
 * the widest margin wins, and the answer quotes the sentence (or sentences) holding that span,
 * cited like the extractive generator's quotes. Confidence is the logistic of that margin; below
 * {@code minConfidence} the answer abstains, which is how such a model says a question has no
 * answer in the documents.
 */
public final class ReaderGenerator implements Generator {
  public static final double DEFAULT_MIN_CONFIDENCE = 0.5;

  private final OnnxReader reader;
  private final double minConfidence;

  public ReaderGenerator(OnnxReader reader, double minConfidence) {
    this.reader = Objects.requireNonNull(reader, "reader");
    if (!(minConfidence >= 0 && minConfidence <= 1))
      throw new IllegalArgumentException("minConfidence must be in [0, 1]: " + minConfidence);
    this.minConfidence = minConfidence;
  }

  @Override
  public Answer generate(Question question, List<Hit> context) {
    if (context.isEmpty()) return Answer.abstain();
    List<String> passages = new ArrayList<>(context.size());
    for (Hit h : context) passages.add(h.chunk().text());
    List<OnnxReader.Span> spans = reader.read(question.text(), passages);
    int best = 0;
    for (int i = 1; i < spans.size(); i++)
      if (spans.get(i).margin() > spans.get(best).margin()) best = i;
    double confidence = 1 / (1 + Math.exp(-spans.get(best).margin()));
    if (!(confidence >= minConfidence) || spans.get(best).text().isEmpty()) return Answer.abstain();
    Chunk chunk = context.get(best).chunk();
    int[] range = locate(chunk.text(), spans.get(best).text(), spans.get(best).occurrence());
    if (range == null) return Answer.abstain(); // the span does not read back (an [UNK] in it)
    String quote = chunk.text().substring(range[0], range[1]);
    Citation c = new Citation(1, chunk, quote, range[0], range[1], confidence);
    return new Answer(QuoteVerifier.cited(quote, 1), false, List.of(c));
  }

  /**
   * The character range of the sentences of {@code text} that hold the first occurrence of {@code
   * span} (the reader's normalized span), compared lower-cased, without accents and whitespace;
   * null when it is not there.
   */
  static int[] locate(String text, String span) {
    return locate(text, span, 1);
  }

  /** The same for the {@code occurrence}-th time the span appears (1 for the first). */
  static int[] locate(String text, String span, int occurrence) {
    StringBuilder compact = new StringBuilder();
    List<Integer> origin = new ArrayList<>();
    for (int i = 0; i < text.length(); i++) {
      String folded = fold(text.substring(i, i + 1));
      for (int k = 0; k < folded.length(); k++) {
        compact.append(folded.charAt(k));
        origin.add(i);
      }
    }
    String target = fold(span);
    int at = target.isEmpty() ? -1 : compact.indexOf(target);
    for (int n = 1; n < occurrence && at >= 0; n++)
      at = compact.indexOf(target, at + target.length());
    if (at < 0) return null;
    int from = origin.get(at), to = origin.get(at + target.length() - 1) + 1;
    int start = from, end = to;
    for (Sentences.Span s : Sentences.split(text)) {
      if (s.start() <= from && from < s.end()) start = s.start();
      if (s.start() < to && to <= s.end()) end = s.end();
    }
    return new int[] {start, Math.max(end, to)};
  }

  /** Lower-cased, accents and whitespace removed. */
  private static String fold(String s) {
    String d = Normalizer.normalize(s.toLowerCase(java.util.Locale.ROOT), Normalizer.Form.NFD);
    StringBuilder b = new StringBuilder(d.length());
    for (int i = 0; i < d.length(); i++) {
      char c = d.charAt(i);
      if (Character.isWhitespace(c) || Character.getType(c) == Character.NON_SPACING_MARK) continue;
      b.append(c);
    }
    return b.toString();
  }
}
