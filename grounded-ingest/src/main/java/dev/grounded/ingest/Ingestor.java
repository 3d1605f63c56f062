package dev.grounded.ingest;

import dev.grounded.core.Chunk;
import dev.grounded.core.ChunkScan;
import dev.grounded.core.GroundedException;
import dev.grounded.embed.Embedder;
import dev.grounded.index.Index;
import dev.grounded.index.IndexedDocument;
import dev.grounded.ingest.chunk.Chunker;
import dev.grounded.ingest.parse.ParsedDocument;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Ingests sources into one collection: hash → (unchanged? skip) → parse → chunk → embed → write →
 * commit → manifest. A source is unchanged when both its content hash and its metadata (built-in
 * keys included, see {@link SourceDocument#metadata()}) equal the manifest's; a change of metadata
 * alone re-indexes the document, since every chunk carries it.
 *
 * <p>Parsing and chunking run on a producer task (from the executor given) ahead of embedding,
 * through a bounded queue; embedding batches chunks across documents so small documents still fill
 * the model's batches. A document is written whole or not at all; commits happen every {@link
 * IngestOptions#commitEveryDocuments()} documents or {@link IngestOptions#commitEveryMillis()}, and
 * the manifest is updated only after the index has committed, so a crash at any point leaves the
 * last commit intact and the next run redoes only what was lost.
 */
public final class Ingestor {
  private final Chunker chunker;
  private final Embedder embedder;
  private final Index index;
  private final Manifest manifest;
  private final String collection;
  private final ExecutorService executor;
  private final IngestOptions options;

  public Ingestor(
      Chunker chunker,
      Embedder embedder,
      Index index,
      Manifest manifest,
      String collection,
      ExecutorService executor,
      IngestOptions options) {
    this.chunker = Objects.requireNonNull(chunker, "chunker");
    this.embedder = Objects.requireNonNull(embedder, "embedder");
    this.index = Objects.requireNonNull(index, "index");
    this.manifest = Objects.requireNonNull(manifest, "manifest");
    this.collection = Objects.requireNonNull(collection, "collection");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * Ingests the sources (duplicates by id are taken once) and removes the documents with ids in
   * {@code remove}.
   */
  public IngestSummary ingest(
      List<? extends SourceDocument> sources, Collection<String> remove, IngestListener listener) {
    return ingest(sources, remove, listener, () -> false);
  }

  /**
   * The same, stopping between documents once {@code cancelled} answers true: the documents written
   * so far are committed (each whole), the rest are not touched, and nothing is removed.
   */
  public IngestSummary ingest(
      List<? extends SourceDocument> sources,
      Collection<String> remove,
      IngestListener listener,
      BooleanSupplier cancelled) {
    long start = System.nanoTime();
    Map<String, SourceDocument> unique = new LinkedHashMap<>();
    for (SourceDocument s : sources) unique.putIfAbsent(s.documentId(), s);
    Run run = new Run(manifest.entries(collection), listener);
    listener.on(new IngestEvent.Started(unique.size()));
    BlockingQueue<Item> queue = new ArrayBlockingQueue<>(options.queueDocuments());
    AtomicBoolean stop = new AtomicBoolean();
    // the producer reads the manifest as it was before the run; the consumer alone updates
    // run.known
    Map<String, ManifestEntry> before = Map.copyOf(run.known);
    Future<?> producer =
        executor.submit(
            () -> {
              produce(unique.values(), before, queue, stop);
              return null;
            });
    boolean stopped;
    try {
      stopped = !consume(queue, run, producer::isDone, cancelled);
      stop.set(stopped);
      if (!stopped) producer.get(); // a cancelled run does not wait for a parse in progress
      for (String id : stopped ? List.<String>of() : remove) {
        ManifestEntry gone = run.known.get(id);
        index.delete(id);
        run.pendingDeletes.add(id);
        run.pruned++;
        if (gone != null) listener.on(new IngestEvent.Pruned(gone.source()));
      }
      run.commit();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("ingest interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re
          ? re
          : new IllegalStateException(e.getCause());
    } finally {
      stop.set(true); // a producer waiting for room in the queue gives up
      producer.cancel(true);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, ManifestEntry> now = manifest.entries(collection);
    int chunks = now.values().stream().mapToInt(ManifestEntry::chunks).sum();
    List<String> warnings = run.anomalies.warnings(before.size(), run.pruned);
    for (String w : warnings) listener.on(new IngestEvent.Warning(w));
    IngestSummary summary =
        new IngestSummary(
            unique.size(),
            now.size(),
            chunks,
            run.embedded,
            run.skipped,
            run.failures.size(),
            run.pruned,
            seconds,
            run.failures,
            stopped);
    return summary.withWarnings(warnings);
  }

  private sealed interface Item {}

  private record Prepared(
      SourceDocument source,
      String hash,
      String title,
      Map<String, String> metadata,
      List<Chunk> chunks)
      implements Item {}

  private record Skip(SourceDocument source) implements Item {}

  private record Fail(SourceDocument source, String reason) implements Item {}

  private record End() implements Item {}

  private void produce(
      Collection<SourceDocument> sources,
      Map<String, ManifestEntry> known,
      BlockingQueue<Item> q,
      AtomicBoolean stop) {
    try {
      for (SourceDocument s : sources) {
        if (stop.get() || !offer(q, prepare(s, known.get(s.documentId())), stop)) return;
      }
    } finally {
      offer(q, new End(), stop);
    }
  }

  /** Waits for room in the queue unless the consumer has stopped; false when it has. */
  private static boolean offer(BlockingQueue<Item> q, Item item, AtomicBoolean stop) {
    while (!stop.get()) {
      try {
        if (q.offer(item, 100, TimeUnit.MILLISECONDS)) return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  private Item prepare(SourceDocument s, ManifestEntry known) {
    try {
      String hash = s.contentHash();
      Map<String, String> metadata = SourceMetadata.of(s);
      if (known != null && known.contentHash().equals(hash) && known.metadata().equals(metadata))
        return new Skip(s);
      ParsedDocument parsed = s.parse();
      List<Chunk> chunks = chunker.chunk(s.documentId(), parsed);
      if (ChunkScan.UNTRUSTED.equals(metadata.get(ChunkScan.TRUST_KEY)))
        chunks = chunks.stream().map(c -> c.withScan(c.scan().asUntrusted())).toList();
      return new Prepared(s, hash, parsed.title(), metadata, chunks);
    } catch (GroundedException e) {
      return new Fail(s, e.getMessage());
    } catch (RuntimeException | StackOverflowError | LinkageError e) {
      // parsers of malformed files throw anything; one bad file must not stop the others
      return new Fail(s, s.source() + ": cannot parse: " + e);
    }
  }

  /**
   * Writes what the producer prepares until its end; false when cancelled first (documents prepared
   * but not yet written are then dropped).
   */
  private boolean consume(
      BlockingQueue<Item> queue, Run run, BooleanSupplier producerDone, BooleanSupplier cancelled)
      throws InterruptedException {
    List<Prepared> pending = new ArrayList<>();
    int pendingChunks = 0;
    while (true) {
      if (cancelled.getAsBoolean()) return false;
      Item item = queue.poll(200, TimeUnit.MILLISECONDS);
      if (item == null) {
        // a producer that died without its End (it cannot, short of an Error) must not hang us
        if (!producerDone.getAsBoolean() || !queue.isEmpty()) continue;
        item = new End();
      }
      switch (item) {
        case End e -> {
          run.write(pending);
          return true;
        }
        case Skip s -> {
          run.skipped++;
          run.listener.on(new IngestEvent.Skipped(s.source().source()));
        }
        case Fail f -> {
          IngestEvent.Failed failed = new IngestEvent.Failed(f.source().source(), f.reason());
          run.failures.add(failed);
          run.listener.on(failed);
        }
        case Prepared p -> {
          pending.add(p);
          pendingChunks += p.chunks().size();
        }
      }
      // Windows close on size alone, never on timing, so the same sources are embedded in the same
      // batches on every run: with an int8 model a vector depends slightly on its batch.
      if (pendingChunks >= options.batchChunks()) {
        run.write(pending);
        pending.clear();
        pendingChunks = 0;
      }
    }
  }

  /** The mutable state of one ingest run; used by the consuming thread only. */
  private final class Run {
    final Map<String, ManifestEntry> known;
    final IngestListener listener;
    final List<ManifestEntry> uncommitted = new ArrayList<>();
    final List<String> pendingDeletes = new ArrayList<>();
    final List<IngestEvent.Failed> failures = new ArrayList<>();
    final Anomalies anomalies = new Anomalies();
    int embedded;
    int skipped;
    int pruned;
    long lastCommit = System.nanoTime();

    Run(Map<String, ManifestEntry> known, IngestListener listener) {
      this.known = known;
      this.listener = listener;
    }

    void write(List<Prepared> docs) {
      if (docs.isEmpty()) return;
      List<String> texts = new ArrayList<>();
      for (Prepared p : docs) for (Chunk c : p.chunks()) texts.add(c.contextualText());
      List<float[]> vectors = embedder.embed(texts);
      int at = 0;
      for (Prepared p : docs) {
        int n = p.chunks().size();
        ManifestEntry previous = known.get(p.source().documentId());
        long version = previous == null ? 1 : previous.version() + 1;
        anomalies.add(
            p.source().source(),
            p.chunks(),
            previous != null && !previous.contentHash().equals(p.hash()));
        index.replace(
            new IndexedDocument(
                p.source().documentId(),
                p.source().source(),
                p.title(),
                p.hash(),
                version,
                p.chunks(),
                vectors.subList(at, at + n),
                p.metadata()));
        at += n;
        embedded += n;
        uncommitted.add(
            new ManifestEntry(
                p.source().documentId(),
                p.source().source(),
                p.title(),
                p.hash(),
                version,
                n,
                System.currentTimeMillis(),
                p.metadata()));
        listener.on(new IngestEvent.Indexed(p.source().source(), n));
      }
      long sinceCommitMillis = (System.nanoTime() - lastCommit) / 1_000_000;
      if (uncommitted.size() >= options.commitEveryDocuments()
          || sinceCommitMillis >= options.commitEveryMillis()) {
        commit();
      }
    }

    void commit() {
      if (uncommitted.isEmpty() && pendingDeletes.isEmpty()) return;
      index.commit();
      manifest.apply(collection, uncommitted, pendingDeletes);
      pendingDeletes.clear();
      listener.on(new IngestEvent.Committed(uncommitted.size()));
      for (ManifestEntry e : uncommitted) known.put(e.documentId(), e);
      uncommitted.clear();
      lastCommit = System.nanoTime();
    }
  }
}
