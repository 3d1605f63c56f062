package dev.grounded.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.grounded.core.Chunk;
import dev.grounded.embed.OnnxEmbedder;
import dev.grounded.embed.WordPieceTokenizer;
import dev.grounded.eval.BeirDocument;
import dev.grounded.eval.BeirReader;
import dev.grounded.eval.BeirSource;
import dev.grounded.ingest.IngestListener;
import dev.grounded.ingest.IngestSummary;
import dev.grounded.ingest.KnowledgeBase;
import dev.grounded.ingest.chunk.StructureChunker;
import dev.grounded.ingest.parse.TikaParser;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Ingest throughput of the full pipeline (parse, chunk, embed, index, commit) against, in the same
 * run and on the same chunk texts: raw ONNX Runtime batched inference of the same model
 * (pre-tokenized, length-sorted batches, nothing else timed), and LangChain4j's in-process {@code
 * embedAll} of the same model.
 *
 * <p>Usage: {@code IngestBench [corpus.jsonl] [documents]} (defaults: SciFact from ../shared/data,
 * 1000 documents).
 */
public final class IngestBench {
  private IngestBench() {}

  public static void main(String[] args) throws Exception {
    Logs.quiet();
    Path corpus = Path.of(args.length > 0 ? args[0] : "../shared/data/scifact/corpus.jsonl");
    int limit = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int threads = Runtime.getRuntime().availableProcessors();
    List<BeirDocument> docs = BeirReader.readCorpus(corpus).stream().limit(limit).toList();
    WordPieceTokenizer tokenizer = WordPieceTokenizer.bgeSmallEnV15();
    StructureChunker chunker = new StructureChunker(tokenizer, 256, 32);
    List<String> texts = new ArrayList<>();
    for (BeirDocument d : docs) {
      for (Chunk c : chunker.chunk(d.id(), new BeirSource(d, "bench").parse()))
        texts.add(c.contextualText());
    }
    System.out.printf(
        Locale.ROOT,
        "corpus %s: %d documents, %d chunks, %d threads%n",
        corpus,
        docs.size(),
        texts.size(),
        threads);

    double raw = rawOnnx(tokenizer, texts, threads);
    double pipeline = pipeline(docs, tokenizer, threads);
    boolean peer = System.getenv("BENCH_SKIP_PEER") == null;
    double langchain4j = peer ? langchain4j(texts) : Double.NaN;
    double rawAgain = rawOnnx(tokenizer, texts, threads);

    System.out.println();
    System.out.printf(Locale.ROOT, "%-44s %10s %8s%n", "ingest throughput", "chunks/s", "ratio");
    System.out.printf(
        Locale.ROOT,
        "%-44s %10.1f %8s%n",
        "raw ONNX Runtime, batched (baseline, 1st)",
        raw,
        "1.00");
    System.out.printf(
        Locale.ROOT,
        "%-44s %10.1f %8.2f%n",
        "raw ONNX Runtime, batched (baseline, 2nd)",
        rawAgain,
        rawAgain / raw);
    double base = (raw + rawAgain) / 2;
    System.out.printf(
        Locale.ROOT,
        "%-44s %10.1f %8.2f%n",
        "Grounded full ingest pipeline",
        pipeline,
        pipeline / base);
    System.out.printf(
        Locale.ROOT,
        "%-44s %10.1f %8.2f%n",
        "LangChain4j embedAll (same model)",
        langchain4j,
        langchain4j / base);
    System.out.printf(
        Locale.ROOT,
        "pipeline / raw ONNX = %.2fx (target >= 0.9x); pipeline / LangChain4j = %.2fx%n",
        pipeline / base,
        pipeline / langchain4j);
  }

  /**
   * session.run over pre-tokenized, length-sorted batches of 32: the model's own speed on these
   * texts.
   */
  static double rawOnnx(WordPieceTokenizer tokenizer, List<String> texts, int threads)
      throws Exception {
    List<int[]> encoded = new ArrayList<>();
    for (String t : texts) encoded.add(tokenizer.encode(t, 512));
    encoded.sort(Comparator.comparingInt(a -> a.length));
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    byte[] model;
    try (InputStream in =
        OnnxEmbedder.class.getClassLoader().getResourceAsStream("bge-small-en-v1.5-q.onnx")) {
      model = in.readAllBytes();
    }
    try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
      opts.setIntraOpNumThreads(threads);
      opts.setInterOpNumThreads(1);
      opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      try (OrtSession session = env.createSession(model, opts)) {
        runBatches(env, session, encoded.subList(0, Math.min(64, encoded.size())));
        long start = System.nanoTime();
        runBatches(env, session, encoded);
        return encoded.size() / ((System.nanoTime() - start) / 1e9);
      }
    }
  }

  private static void runBatches(OrtEnvironment env, OrtSession session, List<int[]> encoded)
      throws OrtException {
    for (int from = 0; from < encoded.size(); from += 32) {
      List<int[]> batch = encoded.subList(from, Math.min(encoded.size(), from + 32));
      int len = batch.getLast().length;
      long[] ids = new long[batch.size() * len],
          mask = new long[ids.length],
          types = new long[ids.length];
      for (int b = 0; b < batch.size(); b++) {
        int[] e = batch.get(b);
        for (int i = 0; i < e.length; i++) {
          ids[b * len + i] = e[i];
          mask[b * len + i] = 1;
        }
      }
      long[] shape = {batch.size(), len};
      try (OnnxTensor a = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
          OnnxTensor m = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
          OnnxTensor t = OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape);
          OrtSession.Result r =
              session.run(Map.of("input_ids", a, "attention_mask", m, "token_type_ids", t))) {
        r.get(0);
      }
    }
  }

  static double pipeline(List<BeirDocument> docs, WordPieceTokenizer tokenizer, int threads)
      throws Exception {
    Path data = Files.createTempDirectory("grounded-bench-ingest");
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        OnnxEmbedder embedder = OnnxEmbedder.bgeSmallEnV15Q(threads);
        KnowledgeBase kb =
            new KnowledgeBase(
                data,
                new TikaParser(),
                new StructureChunker(tokenizer, 256, 32),
                embedder,
                executor,
                "bench")) {
      embedder.embed(List.of("warm up the session", "and its allocator"));
      List<BeirSource> sources = docs.stream().map(d -> new BeirSource(d, "bench")).toList();
      IngestSummary s = kb.ingest("bench", sources, false, IngestListener.NONE);
      return s.embedded() / s.seconds();
    }
  }

  static double langchain4j(List<String> texts) {
    BgeSmallEnV15QuantizedEmbeddingModel model = new BgeSmallEnV15QuantizedEmbeddingModel();
    model.embedAll(
        texts.subList(0, Math.min(16, texts.size())).stream().map(TextSegment::from).toList());
    List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
    long start = System.nanoTime();
    model.embedAll(segments);
    return texts.size() / ((System.nanoTime() - start) / 1e9);
  }
}
