package dev.grounded.eval.retrieval;

import dev.grounded.core.Chunk;
import dev.grounded.core.GroundedException;
import dev.grounded.eval.BeirDataset;
import dev.grounded.eval.BeirDocument;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Judged queries made from a corpus alone, for tuning without relevance judgements: a seeded sample
 * of documents each gives one known-item query, taken from its own text by a {@link Generator}, and
 * that document is the query's single relevant item. Query ids are {@code pseudo:<document id>}.
 *
 * <p>A query copied from the indexed text favours BM25 (every query word is in the relevant
 * document), which real queries do not; the generators that drop words from a sentence simulate the
 * vocabulary mismatch of real queries to different degrees. Which one transfers best to real
 * judgements was measured on three corpora (see {@link #DEFAULT}).
 */
public final class PseudoQueries {
  /** Fewest pseudo-queries worth tuning on (each half of the split gets about half of them). */
  public static final int MIN_QUERIES = 20;

  /** Documents sampled when none is said. */
  public static final int DEFAULT_SAMPLE = 300;

  /** How a document's query is made. */
  public enum Generator {
    /** The title. */
    TITLE,
    /** The first sentence of the text (not the title repeated). */
    FIRST_SENTENCE,
    /** A random sentence of the text. */
    SENTENCE,
    /** A random sentence, a random half of its words kept in order. */
    SENTENCE_HALF,
    /** A random sentence without its rarest third of words (by document frequency). */
    SENTENCE_NO_RARE,
    /** A random sentence without its rarest half of words (by document frequency). */
    SENTENCE_NO_RARE_HALF,
    /**
     * A random sentence of one of the indexed chunks of a document with two chunks or more, that
     * chunk hidden from retrieval for the query: the document must be found by its other chunks,
     * which do not hold the query's words verbatim (needs the index; see {@link Hidden}).
     */
    OTHER_PASSAGE;

    /** Whether the generator reads the indexed chunks. */
    public boolean needsChunks() {
      return this == OTHER_PASSAGE;
    }

    /** The wire name: lower case with dashes (e.g. {@code sentence-no-rare}). */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Generator parse(String name) {
      for (Generator g : values())
        if (g.wireName().equals(name.strip().toLowerCase(Locale.ROOT))) return g;
      throw new IllegalArgumentException(
          "unknown pseudo-query generator '"
              + name
              + "': use one of "
              + String.join(
                  ", ", java.util.Arrays.stream(values()).map(Generator::wireName).toList()));
    }
  }

  /**
   * The generator chosen by its worst case over SciFact, Cranfield and CISI with two seeds (the
   * split and the sample): the held-out nDCG@10 of its choice fell at most 0.0154 below qrels
   * tuning's (title: 0.0346; the generators copying a whole or cut sentence from the indexed text:
   * 0.087 or more, as they pick BM25-heavy fusion).
   */
  public static final Generator DEFAULT = Generator.OTHER_PASSAGE;

  /** What label-free tuning falls back to when the corpus has too few multi-chunk documents. */
  public static final Generator FALLBACK = Generator.TITLE;

  /** Words of a sentence a query is taken from, and fewest words of a query. */
  static final int MIN_WORDS = 4, MAX_WORDS = 40, MIN_QUERY_WORDS = 2;

  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
  private static final Pattern SPACE = Pattern.compile("\\s+");

  private PseudoQueries() {}

  /**
   * Up to {@code sample} pseudo-queries from a seeded sample of {@code corpus}; documents that give
   * no usable query (too short, no title) are skipped and the next ones taken. Invalid when fewer
   * than {@link #MIN_QUERIES} can be made.
   */
  public static BeirDataset generate(
      List<BeirDocument> corpus, Generator generator, int sample, long seed) {
    Objects.requireNonNull(generator, "generator");
    if (generator.needsChunks())
      throw new IllegalArgumentException(generator.wireName() + " needs the indexed chunks");
    if (sample < MIN_QUERIES)
      throw GroundedException.invalid(
          "sample", "sample must be at least " + MIN_QUERIES + ": " + sample);
    List<BeirDocument> order = new ArrayList<>(corpus);
    Collections.shuffle(order, new Random(seed));
    Map<String, Integer> df =
        generator == Generator.SENTENCE_NO_RARE || generator == Generator.SENTENCE_NO_RARE_HALF
            ? documentFrequencies(corpus)
            : Map.of();
    Map<String, String> queries = new LinkedHashMap<>();
    Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
    for (BeirDocument d : order) {
      if (queries.size() == sample) break;
      Random random = new Random(seed * 31 + d.id().hashCode());
      Optional<String> q = query(d, generator, df, random);
      if (q.isEmpty()) continue;
      String id = "pseudo:" + d.id();
      queries.put(id, q.get());
      qrels.put(id, Map.of(d.id(), 1));
    }
    if (queries.size() < MIN_QUERIES) throw tooFew(queries.size(), corpus.size(), generator, "");
    return new BeirDataset(List.of(), queries, qrels);
  }

  /**
   * Pseudo-queries and, per query text, the id of the chunk hidden from retrieval for it (only
   * {@link Generator#OTHER_PASSAGE} hides one).
   */
  public record Hidden(BeirDataset queries, Map<String, String> hiddenChunks) {
    public Hidden {
      Objects.requireNonNull(queries, "queries");
      hiddenChunks = Map.copyOf(hiddenChunks);
    }
  }

  /**
   * {@link #generate(List, Generator, int, long)}, or for {@link Generator#OTHER_PASSAGE} queries
   * from the indexed chunks {@code chunks} gives for a document id, in order.
   */
  public static Hidden generate(
      List<BeirDocument> corpus,
      Generator generator,
      int sample,
      long seed,
      Function<String, List<Chunk>> chunks) {
    if (!generator.needsChunks())
      return new Hidden(generate(corpus, generator, sample, seed), Map.of());
    if (sample < MIN_QUERIES)
      throw GroundedException.invalid(
          "sample", "sample must be at least " + MIN_QUERIES + ": " + sample);
    List<BeirDocument> order = new ArrayList<>(corpus);
    Collections.shuffle(order, new Random(seed));
    Map<String, String> queries = new LinkedHashMap<>(), hidden = new LinkedHashMap<>();
    Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
    for (BeirDocument d : order) {
      if (queries.size() == sample) break;
      List<Chunk> parts = chunks.apply(d.id());
      if (parts.size() < 2) continue;
      Random random = new Random(seed * 31 + d.id().hashCode());
      Chunk source = parts.get(random.nextInt(parts.size()));
      List<String> candidates = new ArrayList<>();
      for (String sentence : sentences(source.text(), d.title()))
        if (parts.stream().noneMatch(c -> c != source && c.text().contains(sentence)))
          candidates.add(sentence);
      String q = pick(candidates, random);
      if (q.isEmpty() || queries.containsValue(q)) continue;
      String id = "pseudo:" + d.id();
      queries.put(id, q);
      qrels.put(id, Map.of(d.id(), 1));
      hidden.put(q, source.id());
    }
    if (queries.size() < MIN_QUERIES)
      throw tooFew(queries.size(), corpus.size(), generator, " (it needs documents of 2+ chunks)");
    return new Hidden(new BeirDataset(List.of(), queries, qrels), hidden);
  }

  private static GroundedException tooFew(int made, int of, Generator g, String why) {
    return GroundedException.invalid(
        "corpus",
        "too few documents to tune on: "
            + made
            + " of "
            + of
            + " give a "
            + g.wireName()
            + " pseudo-query"
            + why
            + ", at least "
            + MIN_QUERIES
            + " are needed");
  }

  /** The query {@code generator} makes from {@code d}, if it makes one. */
  static Optional<String> query(
      BeirDocument d, Generator generator, Map<String, Integer> df, Random random) {
    String title = d.title().strip();
    List<String> sentences = sentences(d.text(), title);
    String q =
        switch (generator) {
          case TITLE -> title;
          case FIRST_SENTENCE -> sentences.isEmpty() ? "" : sentences.getFirst();
          case SENTENCE -> pick(sentences, random);
          case SENTENCE_HALF -> keepHalf(pick(sentences, random), random);
          case SENTENCE_NO_RARE -> dropRarest(pick(sentences, random), df, 3);
          case SENTENCE_NO_RARE_HALF -> dropRarest(pick(sentences, random), df, 2);
          case OTHER_PASSAGE -> throw new IllegalArgumentException("needs the indexed chunks");
        };
    int words = SPACE.split(q.strip()).length;
    return q.isBlank() || words < MIN_QUERY_WORDS || words > MAX_WORDS
        ? Optional.empty()
        : Optional.of(q.strip());
  }

  /** The text's sentences of {@link #MIN_WORDS}..{@link #MAX_WORDS} words, the title left out. */
  static List<String> sentences(String text, String title) {
    List<String> out = new ArrayList<>();
    String t = normalize(title);
    for (String s : SENTENCE_END.split(text.strip())) {
      String sentence = SPACE.matcher(s.strip()).replaceAll(" ");
      int words = sentence.isEmpty() ? 0 : SPACE.split(sentence).length;
      if (words < MIN_WORDS || words > MAX_WORDS) continue;
      if (!t.isEmpty() && normalize(sentence).equals(t)) continue;
      out.add(sentence);
    }
    return out;
  }

  private static String normalize(String s) {
    return String.join(" ", words(s));
  }

  private static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    var m = WORD.matcher(s.toLowerCase(Locale.ROOT));
    while (m.find()) out.add(m.group());
    return out;
  }

  private static String pick(List<String> sentences, Random random) {
    return sentences.isEmpty() ? "" : sentences.get(random.nextInt(sentences.size()));
  }

  /** A random half of the words (rounded up), in their order. */
  private static String keepHalf(String sentence, Random random) {
    if (sentence.isEmpty()) return "";
    String[] words = SPACE.split(sentence);
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < words.length; i++) idx.add(i);
    Collections.shuffle(idx, random);
    Set<Integer> keep = new java.util.TreeSet<>(idx.subList(0, (words.length + 1) / 2));
    List<String> out = new ArrayList<>();
    for (int i : keep) out.add(words[i]);
    return String.join(" ", out);
  }

  /**
   * The sentence's words without the rarest {@code 1/fraction} of its distinct words (lowest
   * document frequency, ties by first occurrence), so the query keeps its common vocabulary and
   * loses the terms BM25 would match on most strongly.
   */
  private static String dropRarest(String sentence, Map<String, Integer> df, int fraction) {
    if (sentence.isEmpty()) return "";
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(words(sentence)));
    List<String> byRarity = new ArrayList<>(distinct);
    byRarity.sort(java.util.Comparator.comparingInt(w -> df.getOrDefault(w, 0)));
    Set<String> drop = new java.util.HashSet<>(byRarity.subList(0, distinct.size() / fraction));
    List<String> out = new ArrayList<>();
    for (String w : words(sentence)) if (!drop.contains(w)) out.add(w);
    return String.join(" ", out);
  }

  /** Documents each lower-cased word occurs in. */
  static Map<String, Integer> documentFrequencies(List<BeirDocument> corpus) {
    Map<String, Integer> df = new HashMap<>();
    for (BeirDocument d : corpus)
      for (String w : new java.util.HashSet<>(words(d.fullText()))) df.merge(w, 1, Integer::sum);
    return df;
  }
}
