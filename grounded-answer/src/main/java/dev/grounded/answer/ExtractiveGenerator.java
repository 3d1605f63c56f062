package dev.grounded.answer;

import dev.grounded.core.Answer;
import dev.grounded.core.Chunk;
import dev.grounded.core.Citation;
import dev.grounded.core.Hit;
import dev.grounded.embed.Embedder;
import dev.grounded.index.TermStatistics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The offline answerer: quotes the sentences of the retrieved chunks that best answer the question,
 * each followed by the marker of the chunk it comes from. Nothing is paraphrased, so every sentence
 * is supported by its citation by construction. A sentence's score mixes its embedding similarity
 * to the question with the share of the question's content words it contains, discounted for
 * fragments that do not end like a sentence (titles, code lines). The best sentence is then checked
 * for answerability ({@link Answerability}: does it hold the kind of answer asked for, does its
 * chunk hold the question's rare words, names and numbers...), and an {@link AnswerabilityModel}
 * fitted on SQuAD 2.0 turns that into a confidence, each citation's score; when the best sentence's
 * confidence is below {@link ExtractiveOptions#minScore()} the answer abstains.
 */
public final class ExtractiveGenerator implements Generator {
  private final Embedder embedder;
  private final ExtractiveOptions options;
  private final TermStatistics stats;
  private final AnswerabilityModel model;

  /** Without term statistics: answerability weighs every question word alike. */
  public ExtractiveGenerator(Embedder embedder, ExtractiveOptions options) {
    this(embedder, options, TermStatistics.NONE);
  }

  /**
   * @param stats the collection's term statistics, which weigh the question's words by rarity in
   *     the answerability check
   */
  public ExtractiveGenerator(Embedder embedder, ExtractiveOptions options, TermStatistics stats) {
    this(embedder, options, stats, AnswerabilityModel.DEFAULT);
  }

  public ExtractiveGenerator(
      Embedder embedder,
      ExtractiveOptions options,
      TermStatistics stats,
      AnswerabilityModel model) {
    this.embedder = Objects.requireNonNull(embedder, "embedder");
    this.options = Objects.requireNonNull(options, "options");
    this.stats = Objects.requireNonNull(stats, "stats");
    this.model = Objects.requireNonNull(model, "model");
  }

  private record Candidate(Chunk chunk, int start, int end, String text, int rank) {}

  private record Scored(Candidate c, double score, double cosine) {}

  /**
   * The best-scoring sentence of the context and how likely it answers the question.
   *
   * @param chunk where it comes from
   * @param sentence the sentence
   * @param features its {@link Answerability} features
   * @param confidence the {@link AnswerabilityModel}'s chance that it answers the question: the
   *     score the abstention threshold applies to
   */
  public record Assessment(
      Chunk chunk, String sentence, Answerability.Features features, double confidence) {}

  /** The best sentence's assessment, empty when the context has no quotable sentence. */
  public Optional<Assessment> assess(Question question, List<Hit> context) {
    List<Candidate> candidates = candidates(context);
    if (candidates.isEmpty()) return Optional.empty();
    List<Scored> scored = score(question, candidates);
    scored.sort(Comparator.comparingDouble(Scored::score).reversed());
    return Optional.of(assess(question, scored.getFirst(), runnerUp(scored)));
  }

  private Assessment assess(Question question, Scored s, double runnerUp) {
    Answerability.Features f =
        Answerability.of(
            question.text(),
            s.c().text(),
            s.c().chunk().text(),
            s.score(),
            s.cosine(),
            runnerUp,
            stats);
    return new Assessment(s.c().chunk(), s.c().text(), f, model.confidence(f));
  }

  private static double runnerUp(List<Scored> sorted) {
    return sorted.size() > 1 ? sorted.get(1).score() : 0;
  }

  @Override
  public Answer generate(Question question, List<Hit> context) {
    List<Candidate> candidates = candidates(context);
    if (candidates.isEmpty()) return Answer.abstain();
    List<Scored> scored = score(question, candidates);
    scored.sort(Comparator.comparingDouble(Scored::score).reversed());
    double best = scored.getFirst().score();
    double runnerUp = runnerUp(scored);
    List<Scored> chosen = new ArrayList<>();
    for (Scored s : scored) {
      if (chosen.size() == options.maxSentences() || s.score() < best * options.relativeScore())
        break;
      if (chosen.stream().anyMatch(o -> similar(o.c().text(), s.c().text()))) continue;
      // every sentence is judged beside the answer's runner-up, so the margin is the answer's;
      // none is more confident than the best one, so the answer's confidence (its best citation's)
      // is the best sentence's, the one the threshold applied to
      double confidence = assess(question, s, runnerUp).confidence();
      if (!chosen.isEmpty()) confidence = Math.min(confidence, chosen.getFirst().score());
      if (confidence < options.minScore()) {
        if (chosen.isEmpty()) return Answer.abstain(); // the best sentence does not answer
        continue;
      }
      chosen.add(new Scored(s.c(), confidence, s.cosine()));
    }
    return compose(chosen);
  }

  private List<Candidate> candidates(List<Hit> context) {
    List<Candidate> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int rank = 0; rank < context.size(); rank++) {
      Chunk chunk = context.get(rank).chunk();
      for (Sentences.Span span : Sentences.split(chunk.text())) {
        String text = chunk.text().substring(span.start(), span.end());
        if (looksLikeCode(text)
            || text.split("\\s+").length < options.minWords()
            || !seen.add(Sentences.flat(text))) continue;
        out.add(new Candidate(chunk, span.start(), span.end(), text, rank));
      }
    }
    return out;
  }

  private List<Scored> score(Question question, List<Candidate> candidates) {
    List<String> texts = new ArrayList<>(candidates.size());
    for (Candidate c : candidates) texts.add(c.text());
    List<float[]> vectors = embedder.embed(texts);
    Set<String> asked = Terms.of(question.text());
    List<Scored> out = new ArrayList<>(candidates.size());
    for (int i = 0; i < candidates.size(); i++) {
      double semantic = dot(question.vector(), vectors.get(i));
      double lexical = overlap(asked, Terms.of(candidates.get(i).text()));
      double w = options.semanticWeight();
      double score = w * semantic + (1 - w) * lexical;
      if (!endsLikeASentence(candidates.get(i).text())) score *= FRAGMENT_PENALTY;
      out.add(new Scored(candidates.get(i), score, semantic));
    }
    return out;
  }

  /**
   * Titles, headings, captions and code lines rarely answer a question even when they share its
   * words.
   */
  static final double FRAGMENT_PENALTY = 0.85;

  private static final String CODE_SYMBOLS = "{}()[]=;:<>_`\\|";

  /**
   * Lines of code (comments included) are not quoted as answers: they start like code or are dense
   * with code punctuation.
   */
  static boolean looksLikeCode(String text) {
    String t = text.strip();
    if (t.startsWith("#")
        || t.startsWith("//")
        || t.startsWith(">>>")
        || t.startsWith("```")
        || t.startsWith("$ ")) {
      return true;
    }
    int symbols = 0;
    for (int i = 0; i < t.length(); i++) if (CODE_SYMBOLS.indexOf(t.charAt(i)) >= 0) symbols++;
    return symbols > 0.08 * t.length();
  }

  static boolean endsLikeASentence(String text) {
    int i = text.length() - 1;
    while (i > 0 && "\"')]»”’*_`".indexOf(text.charAt(i)) >= 0) i--;
    char c = text.charAt(i);
    return c == '.' || c == '!' || c == '?' || c == ':' || c == ';';
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) sum += a[i] * b[i];
    return sum;
  }

  static double overlap(Set<String> asked, Set<String> sentence) {
    if (asked.isEmpty()) return 0;
    int found = 0;
    for (String t : asked) if (sentence.contains(t)) found++;
    return (double) found / asked.size();
  }

  private static boolean similar(String a, String b) {
    Set<String> ta = Terms.of(a), tb = Terms.of(b);
    if (ta.isEmpty() || tb.isEmpty()) return false;
    Set<String> inter = new HashSet<>(ta);
    inter.retainAll(tb);
    return inter.size() >= 0.7 * Math.min(ta.size(), tb.size());
  }

  /**
   * Keeps the document order of the chosen sentences so the answer reads naturally; numbers chunks
   * by first use.
   */
  private static Answer compose(List<Scored> chosen) {
    List<Scored> ordered = new ArrayList<>(chosen);
    ordered.sort(
        Comparator.comparingInt((Scored s) -> s.c().rank()).thenComparingInt(s -> s.c().start()));
    Map<String, Integer> numbers = new LinkedHashMap<>();
    List<Citation> citations = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (Scored s : ordered) {
      Candidate c = s.c();
      int n = numbers.computeIfAbsent(c.chunk().id() + "@" + c.start(), k -> numbers.size() + 1);
      citations.add(new Citation(n, c.chunk(), c.text(), c.start(), c.end(), s.score()));
      if (!text.isEmpty()) text.append(' ');
      text.append(QuoteVerifier.cited(c.text(), n));
    }
    return new Answer(text.toString(), false, citations);
  }
}
