package dev.grounded.bench;

import dev.grounded.embed.OnnxEmbedder;
import dev.grounded.embed.WordPieceTokenizer;
import dev.grounded.eval.BeirDataset;
import dev.grounded.eval.BeirSource;
import dev.grounded.eval.retrieval.Metric;
import dev.grounded.eval.retrieval.PseudoQueries;
import dev.grounded.eval.retrieval.PseudoQueries.Generator;
import dev.grounded.eval.retrieval.RetrievalReport;
import dev.grounded.eval.retrieval.Tuning;
import dev.grounded.index.LuceneSearcher;
import dev.grounded.index.RetrievalSettings;
import dev.grounded.ingest.IngestListener;
import dev.grounded.ingest.IngestSummary;
import dev.grounded.ingest.KnowledgeBase;
import dev.grounded.ingest.chunk.StructureChunker;
import dev.grounded.ingest.parse.TikaParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Retrieval quality on every shared BEIR-layout set, through the real pipeline (the CLI's chunker,
 * the bundled bge model, Lucene): BM25, dense, the default hybrid, the hybrid tuned on the dev half
 * of the judged queries ({@code eval tune}) and the hybrid tuned without judgements on
 * pseudo-queries from the corpus ({@code eval tune --label-free}), each scored by nDCG@10 and
 * recall@100 on the held-out half of the judged queries (the seeded split of {@link Tuning}).
 *
 * <p>Each set is ingested once into bench/.cache/retrieval/&lt;set&gt; as collection
 * eval-&lt;set&gt;, with the CLI's settings fingerprint, so re-runs (and {@code grounded eval
 * retrieval --data bench/.cache/retrieval/<set>}) reuse its vectors.
 *
 * <p>Usage: {@code RetrievalBench [--data DIR] [--sets a,b] [--seed N] [--sample N]
 * [--generators]}; with {@code --generators} every pseudo-query generator is tried and compared
 * with qrels tuning (how {@link PseudoQueries#DEFAULT} was chosen).
 */
public final class RetrievalBench {
  /**
   * The shared sets expected, in order (a missing one is skipped with a message); any other folder
   * of the data directory with a corpus.jsonl, queries.jsonl and qrels/test.tsv is run after them.
   */
  static final List<String> SETS = List.of("scifact", "retrieval-cranfield", "retrieval-cisi");

  /** What the CLI stamps on ingested content: the same value lets both reuse one index. */
  static final String FINGERPRINT = "bge-small-en-v1.5-q|chunk=256/32|schema=1";

  private RetrievalBench() {}

  public static void main(String[] args) throws Exception {
    Logs.quiet();
    Path data = Path.of("../shared/data");
    long seed = 42;
    int sample = PseudoQueries.DEFAULT_SAMPLE;
    boolean generators = false;
    List<String> sets = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data" -> data = Path.of(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--sample" -> sample = Integer.parseInt(args[++i]);
        case "--generators" -> generators = true;
        case "--sets" -> sets = List.of(args[++i].split(","));
        default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
      }
    }
    if (sets == null) sets = discover(data);
    int threads = Runtime.getRuntime().availableProcessors();
    WordPieceTokenizer tokenizer = WordPieceTokenizer.bgeSmallEnV15();
    List<Row> rows = new ArrayList<>();
    Map<String, Map<Generator, Tuning.Result>> byGenerator = new LinkedHashMap<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        OnnxEmbedder embedder = OnnxEmbedder.bgeSmallEnV15Q(tokenizer, threads)) {
      for (String set : sets) {
        Path dir = data.resolve(set);
        Path qrels = dir.resolve("qrels/test.tsv");
        if (!Files.isRegularFile(dir.resolve("corpus.jsonl")) || !Files.isRegularFile(qrels)) {
          System.out.println("skipped " + set + ": no " + dir + "/{corpus.jsonl,qrels/test.tsv}");
          continue;
        }
        try {
          BeirDataset beir =
              BeirDataset.read(dir.resolve("corpus.jsonl"), dir.resolve("queries.jsonl"), qrels);
          try (KnowledgeBase kb =
              new KnowledgeBase(
                  Path.of("bench/.cache/retrieval").resolve(set),
                  new TikaParser(),
                  new StructureChunker(tokenizer, 256, 32),
                  embedder,
                  executor,
                  FINGERPRINT)) {
            String collection = "eval-" + set;
            List<BeirSource> sources =
                beir.corpus().stream().map(d -> new BeirSource(d, FINGERPRINT)).toList();
            IngestSummary s = kb.sync(collection, sources, IngestListener.NONE);
            System.err.printf(
                Locale.ROOT,
                "%s: %d documents, %d chunks (%.0f s to sync)%n",
                set,
                s.documents(),
                s.chunks(),
                s.seconds());
            try (LuceneSearcher searcher = kb.searcher(collection)) {
              Tuning tuning = new Tuning(embedder, Metric.parse("ndcg@10"));
              Tuning.Result judged =
                  tuning.tune(beir, searcher.bm25(), searcher.dense(), null, seed);
              Map<Generator, Tuning.Result> free = new LinkedHashMap<>();
              for (Generator g :
                  generators ? List.of(Generator.values()) : List.of(PseudoQueries.DEFAULT)) {
                PseudoQueries.Hidden pseudo =
                    PseudoQueries.generate(beir.corpus(), g, sample, seed, searcher::chunks);
                free.put(
                    g,
                    tuning.tuneLabelFree(
                        pseudo, beir, searcher.bm25(), searcher.dense(), null, seed, true));
              }
              byGenerator.put(set, free);
              rows.add(
                  new Row(
                      set,
                      beir.corpus().size(),
                      judged.devQueries(),
                      judged.heldOutQueries(),
                      judged,
                      free.get(PseudoQueries.DEFAULT)));
            }
          }
        } catch (dev.grounded.core.GroundedException e) {
          System.out.println("skipped " + set + ": " + e.getMessage());
        }
      }
    }
    if (rows.isEmpty()) {
      System.out.println("no BEIR-layout set with qrels/test.tsv under " + data);
      return;
    }
    printTable(rows, seed, sample);
    if (generators) printGenerators(byGenerator, rows);
  }

  /** {@link #SETS}, then any other folder of {@code data} laid out like them. */
  static List<String> discover(Path data) throws java.io.IOException {
    List<String> sets = new ArrayList<>(SETS);
    if (!Files.isDirectory(data)) return sets;
    try (var dirs = Files.list(data)) {
      dirs.filter(d -> Files.isRegularFile(d.resolve("corpus.jsonl")))
          .filter(d -> Files.isRegularFile(d.resolve("queries.jsonl")))
          .filter(d -> Files.isRegularFile(d.resolve("qrels/test.tsv")))
          .map(d -> d.getFileName().toString())
          .sorted()
          .filter(name -> !sets.contains(name))
          .forEach(sets::add);
    }
    return sets;
  }

  record Row(
      String set, int documents, int dev, int heldOut, Tuning.Result judged, Tuning.Result free) {}

  private static void printTable(List<Row> rows, long seed, int sample) {
    System.out.printf(
        Locale.ROOT,
        "%nnDCG@10 / recall@100 on the held-out half of each set's judged queries (seeded split,"
            + " seed %d; qrels tuning chooses on the other half, label-free tuning on up to %d"
            + " pseudo-queries (%s) of which it chooses on the dev half, guarded as eval tune is by"
            + " default: the defaults kept unless the best beats them by > 2 SE on pseudo-queries;"
            + " --no-guard: the best on pseudo-queries):%n%n",
        seed,
        sample,
        PseudoQueries.DEFAULT.wireName());
    System.out.println(
        "| set | docs | dev / held-out queries | BM25 | dense | default hybrid | tuned (qrels)"
            + " | tuned (label-free) | label-free, --no-guard |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Row r : rows) {
      Map<String, RetrievalReport> h = r.judged().heldOut();
      System.out.printf(
          Locale.ROOT,
          "| %s | %d | %d / %d | %s | %s | %s | %s | %s | %s |%n",
          r.set(),
          r.documents(),
          r.dev(),
          r.heldOut(),
          cell(h.get("bm25")),
          cell(h.get("dense")),
          cell(h.get("default: " + RetrievalSettings.DEFAULTS.describe())),
          cell(tuned(r.judged())),
          cell(tuned(r.free())),
          cell(unguarded(r.free())));
    }
    System.out.printf(Locale.ROOT, "%ndefault: %s%n", RetrievalSettings.DEFAULTS.describe());
    for (Row r : rows)
      System.out.printf(
          Locale.ROOT,
          "%s: qrels-tuned %s; label-free (%d dev pseudo-queries) %s; --no-guard %s%n",
          r.set(),
          r.judged().best().describe(),
          r.free().devQueries(),
          r.free().best().describe(),
          r.free().ranking().getFirst().settings().describe());
  }

  /**
   * Per generator: the setting chosen on pseudo-queries (before the guard that keeps the defaults
   * without clear evidence) and the held-out nDCG@10 per set, unguarded and guarded; and the worst
   * and mean regret against qrels tuning.
   */
  private static void printGenerators(
      Map<String, Map<Generator, Tuning.Result>> byGenerator, List<Row> rows) {
    System.out.println(
        "\nlabel-free generators: held-out nDCG@10 of the best setting on pseudo-queries"
            + " (unguarded) and of the guarded choice (the defaults unless the best beats them"
            + " clearly on pseudo-queries); regret = qrels-tuned minus label-free\n");
    System.out.print("| generator |");
    for (Row r : rows) System.out.print(" " + r.set() + " unguarded | guarded |");
    System.out.println(" worst regret unguarded / guarded | mean regret unguarded / guarded |");
    System.out.println("|---|" + "---|---:|".repeat(rows.size()) + "---:|---:|");
    for (Generator g : Generator.values()) {
      StringBuilder line = new StringBuilder("| " + g.wireName() + " |");
      double worstU = Double.NEGATIVE_INFINITY, worstG = Double.NEGATIVE_INFINITY;
      double sumU = 0, sumG = 0;
      for (Row r : rows) {
        Tuning.Result f = byGenerator.get(r.set()).get(g);
        String top = f.ranking().getFirst().settings().describe();
        double guarded = tuned(f).mean("ndcg@10");
        double unguarded = unguarded(f).mean("ndcg@10");
        double qrels = tuned(r.judged()).mean("ndcg@10");
        worstU = Math.max(worstU, qrels - unguarded);
        worstG = Math.max(worstG, qrels - guarded);
        sumU += qrels - unguarded;
        sumG += qrels - guarded;
        line.append(
            String.format(
                Locale.ROOT,
                " %.4f (%s) | %.4f%s |",
                unguarded,
                top,
                guarded,
                f.best().equals(RetrievalSettings.DEFAULTS) ? " (default)" : ""));
      }
      line.append(
          String.format(
              Locale.ROOT,
              " %.4f / %.4f | %.4f / %.4f |",
              worstU,
              worstG,
              sumU / rows.size(),
              sumG / rows.size()));
      System.out.println(line);
    }
  }

  /** The held-out report of the best setting on pseudo-queries, before the guard. */
  private static RetrievalReport unguarded(Tuning.Result r) {
    RetrievalReport u =
        r.heldOut().get("unguarded: " + r.ranking().getFirst().settings().describe());
    return u != null ? u : tuned(r);
  }

  private static RetrievalReport tuned(Tuning.Result r) {
    return r.heldOut().get("tuned: " + r.best().describe());
  }

  private static String cell(RetrievalReport r) {
    return String.format(Locale.ROOT, "%.4f / %.4f", r.mean("ndcg@10"), r.mean("recall@100"));
  }
}
