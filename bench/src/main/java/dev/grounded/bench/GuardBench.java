package dev.grounded.bench;

import dev.grounded.embed.OnnxEmbedder;
import dev.grounded.embed.WordPieceTokenizer;
import dev.grounded.eval.BeirDocument;
import dev.grounded.eval.BeirReader;
import dev.grounded.eval.BeirSource;
import dev.grounded.guard.GuardPolicy;
import dev.grounded.guard.GuardScope;
import dev.grounded.guard.Guardrails;
import dev.grounded.guard.Guards;
import dev.grounded.guard.Source;
import dev.grounded.ingest.IngestListener;
import dev.grounded.ingest.IngestSummary;
import dev.grounded.ingest.KnowledgeBase;
import dev.grounded.ingest.chunk.Chunker;
import dev.grounded.ingest.chunk.ScanningChunker;
import dev.grounded.ingest.chunk.StructureChunker;
import dev.grounded.ingest.parse.TikaParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What the built-in guardrails cost, each beside a baseline from the same run:
 *
 * <ol>
 *   <li>per question: every input guard with the default policy over real questions (SciFact's
 *       queries), p50 and p99, beside one plain regular expression over the same questions;
 *   <li>per chunk: the chunk scan over the same corpus's chunks;
 *   <li>ingest: the full pipeline over the same documents without and with the chunk scan, twice
 *       each in turns (ABAB), throughput ratio.
 * </ol>
 *
 * <p>Usage: {@code GuardBench [scifact dir] [documents]} (defaults: ../shared/data/scifact, 1000).
 */
public final class GuardBench {
  private GuardBench() {}

  public static void main(String[] args) throws Exception {
    Logs.quiet();
    Path dir = Path.of(args.length > 0 ? args[0] : "../shared/data/scifact");
    int limit = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    List<String> questions = new ArrayList<>();
    for (var q : BeirReader.readQueries(dir.resolve("queries.jsonl")).values()) questions.add(q);
    List<BeirDocument> docs =
        BeirReader.readCorpus(dir.resolve("corpus.jsonl")).stream().limit(limit).toList();
    Guardrails guardrails = Guards.builtIn(GuardPolicy.DEFAULT);
    GuardScope scope = new GuardScope("default", "bench");
    System.out.printf(
        Locale.ROOT,
        "guards: %s; %d questions, %d documents%n",
        guardrails.fingerprint(),
        questions.size(),
        docs.size());

    java.util.regex.Pattern plain =
        java.util.regex.Pattern.compile("(?i)ignore (all )?previous instructions");
    long[] baseline = time(questions, q -> plain.matcher(q).find());
    long[] input = time(questions, q -> guardrails.check(q, Source.INPUT, scope));
    WordPieceTokenizer tokenizer = WordPieceTokenizer.bgeSmallEnV15();
    StructureChunker chunker = new StructureChunker(tokenizer, 256, 32);
    List<String> chunks = new ArrayList<>();
    for (BeirDocument d : docs)
      for (var c : chunker.chunk(d.id(), new BeirSource(d, "bench").parse())) chunks.add(c.text());
    long[] chunkScan = time(chunks, c -> guardrails.scan(c, Source.CHUNK));

    System.out.println();
    System.out.printf(Locale.ROOT, "%-46s %10s %10s%n", "per text", "p50 µs", "p99 µs");
    row("one regular expression per question (baseline)", baseline);
    row("all input guards per question (default policy)", input);
    row("chunk scan per chunk (ingest)", chunkScan);

    int threads = Runtime.getRuntime().availableProcessors();
    double[] without = new double[2], with = new double[2];
    for (int round = 0; round < 2; round++) {
      without[round] = ingest(docs, chunker, threads);
      with[round] = ingest(docs, new ScanningChunker(chunker, guardrails), threads);
    }
    double a = Arrays.stream(without).max().orElseThrow();
    double b = Arrays.stream(with).max().orElseThrow();
    System.out.println();
    System.out.printf(
        Locale.ROOT, "%-46s %10s %8s%n", "ingest throughput (best of 2)", "chunks/s", "ratio");
    System.out.printf(
        Locale.ROOT, "%-46s %10.1f %8s%n", "without the chunk scan (baseline)", a, "1.00");
    System.out.printf(Locale.ROOT, "%-46s %10.1f %8.3f%n", "with the chunk scan", b, b / a);
    System.out.printf(
        Locale.ROOT,
        "chunk scan cost: throughput %+.1f %%, scan time %.1f %% of ingest time per chunk (target"
            + " <= 10 %%); input guards p50 %.3f ms (target <= 5 ms)%n",
        100 * (b / a - 1),
        100 * (chunkScan[0] / 1e9) * a,
        input[0] / 1e6);
  }

  interface Work {
    void run(String text);
  }

  /** Nanoseconds per text: p50 and p99 over three passes after a warm-up pass. */
  static long[] time(List<String> texts, Work w) {
    for (String t : texts) w.run(t);
    long[] all = new long[texts.size() * 3];
    int i = 0;
    for (int pass = 0; pass < 3; pass++)
      for (String t : texts) {
        long start = System.nanoTime();
        w.run(t);
        all[i++] = System.nanoTime() - start;
      }
    Arrays.sort(all);
    return new long[] {all[all.length / 2], all[(int) (all.length * 0.99)]};
  }

  static void row(String name, long[] nanos) {
    System.out.printf(Locale.ROOT, "%-46s %10.1f %10.1f%n", name, nanos[0] / 1e3, nanos[1] / 1e3);
  }

  static double ingest(List<BeirDocument> docs, Chunker chunker, int threads) throws Exception {
    Path data = Files.createTempDirectory("grounded-bench-guard");
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        OnnxEmbedder embedder = OnnxEmbedder.bgeSmallEnV15Q(threads);
        KnowledgeBase kb =
            new KnowledgeBase(data, new TikaParser(), chunker, embedder, executor, "bench")) {
      embedder.embed(List.of("warm up the session", "and its allocator"));
      List<BeirSource> sources = docs.stream().map(d -> new BeirSource(d, "bench")).toList();
      IngestSummary s = kb.ingest("bench", sources, false, IngestListener.NONE);
      return s.embedded() / s.seconds();
    }
  }
}
