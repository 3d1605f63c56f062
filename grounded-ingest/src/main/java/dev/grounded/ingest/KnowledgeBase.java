package dev.grounded.ingest;

import dev.grounded.core.GroundedException;
import dev.grounded.embed.Embedder;
import dev.grounded.index.DocumentRecord;
import dev.grounded.index.LuceneIndex;
import dev.grounded.index.LuceneSearcher;
import dev.grounded.ingest.chunk.Chunker;
import dev.grounded.ingest.parse.Parser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A data directory: {@code grounded.db} (manifest, collections) and {@code index/<collection>/}
 * (one Lucene index per collection). Wires the ingest stages for a collection and opens searchers;
 * holds no other logic.
 */
public final class KnowledgeBase implements AutoCloseable {
  private static final Pattern COLLECTION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  private final Path dataDir;
  private final Parser parser;
  private final Chunker chunker;
  private final Embedder embedder;
  private final ExecutorService executor;
  private final String settingsFingerprint;
  private final IngestOptions options;
  private final Manifest manifest;

  public KnowledgeBase(
      Path dataDir,
      Parser parser,
      Chunker chunker,
      Embedder embedder,
      ExecutorService executor,
      String settingsFingerprint) {
    this(dataDir, parser, chunker, embedder, executor, settingsFingerprint, IngestOptions.DEFAULTS);
  }

  public KnowledgeBase(
      Path dataDir,
      Parser parser,
      Chunker chunker,
      Embedder embedder,
      ExecutorService executor,
      String settingsFingerprint,
      IngestOptions options) {
    this.dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath();
    this.parser = Objects.requireNonNull(parser, "parser");
    this.chunker = Objects.requireNonNull(chunker, "chunker");
    this.embedder = Objects.requireNonNull(embedder, "embedder");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.settingsFingerprint = Objects.requireNonNull(settingsFingerprint, "settingsFingerprint");
    this.options = Objects.requireNonNull(options, "options");
    if (Files.exists(dataDir) && !Files.isDirectory(dataDir))
      throw GroundedException.invalid("data", dataDir + ": not a directory");
    this.manifest = Manifest.open(this.dataDir.resolve("grounded.db"));
  }

  public static String checkCollection(String name) {
    if (name == null || !COLLECTION.matcher(name).matches())
      throw GroundedException.invalid(
          "collection",
          "invalid collection name '"
              + name
              + "': use 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit");
    return name;
  }

  public Path indexPath(String collection) {
    return dataDir.resolve("index").resolve(checkCollection(collection));
  }

  public String settingsFingerprint() {
    return settingsFingerprint;
  }

  /** Ingests files and folders; with {@code prune}, drops documents whose files are gone. */
  public IngestSummary ingestPaths(
      String collection, List<Path> paths, boolean prune, IngestListener listener) {
    List<Path> files = FileWalker.walk(paths);
    List<FileSource> sources = new ArrayList<>(files.size());
    for (Path f : files) sources.add(new FileSource(f, parser, settingsFingerprint));
    return ingest(collection, sources, prune, listener);
  }

  /** Ingests arbitrary sources (data set records, uploads). */
  public IngestSummary ingest(
      String collection,
      List<? extends SourceDocument> sources,
      boolean prune,
      IngestListener listener) {
    return run(collection, sources, listener, () -> prune ? gone(collection) : List.of());
  }

  /**
   * Makes the collection hold exactly {@code sources}: ingests them and removes every other
   * document (an evaluation corpus that changed between runs).
   */
  public IngestSummary sync(
      String collection, List<? extends SourceDocument> sources, IngestListener listener) {
    Set<String> wanted = new HashSet<>();
    for (SourceDocument s : sources) wanted.add(s.documentId());
    return run(
        collection,
        sources,
        listener,
        () ->
            manifest.entries(collection).keySet().stream()
                .filter(id -> !wanted.contains(id))
                .toList());
  }

  /** Opens the index (its write lock), reconciles the manifest, then ingests and removes. */
  private IngestSummary run(
      String collection,
      List<? extends SourceDocument> sources,
      IngestListener listener,
      Supplier<Collection<String>> removals) {
    checkCollection(collection);
    try (LuceneIndex index = LuceneIndex.open(indexPath(collection))) {
      manifest.ensureCollection(collection);
      reconcile(collection);
      return new Ingestor(chunker, embedder, index, manifest, collection, executor, options)
          .ingest(sources, removals.get(), listener);
    }
  }

  /**
   * Makes the manifest agree with the index's last commit (they differ only after a crash between
   * the two).
   */
  private void reconcile(String collection) {
    List<DocumentRecord> records;
    try (LuceneSearcher s = LuceneSearcher.open(indexPath(collection))) {
      records = s.documents();
    }
    Map<String, ManifestEntry> entries = manifest.entries(collection);
    List<ManifestEntry> upserts = new ArrayList<>();
    Set<String> present = new HashSet<>();
    for (DocumentRecord r : records) {
      present.add(r.documentId());
      ManifestEntry e = entries.get(r.documentId());
      if (e == null || !e.contentHash().equals(r.contentHash()) || e.chunks() != r.chunks()) {
        upserts.add(
            new ManifestEntry(
                r.documentId(),
                r.source(),
                r.contentHash(),
                Math.max(1, r.version()),
                r.chunks(),
                System.currentTimeMillis()));
      }
    }
    List<String> deletes = entries.keySet().stream().filter(id -> !present.contains(id)).toList();
    if (!upserts.isEmpty() || !deletes.isEmpty()) manifest.apply(collection, upserts, deletes);
  }

  private Collection<String> gone(String collection) {
    List<String> ids = new ArrayList<>();
    for (ManifestEntry e : manifest.entries(collection).values()) {
      Path p = Path.of(e.source());
      if (p.isAbsolute() && !Files.exists(p)) ids.add(e.documentId());
    }
    return ids;
  }

  /**
   * A point-in-time searcher over the collection's last commit; fails with not_found for an unknown
   * collection.
   */
  public LuceneSearcher searcher(String collection) {
    checkCollection(collection);
    if (!manifest.collections().contains(collection))
      throw GroundedException.notFound(
          "no collection '" + collection + "' in " + dataDir + " (ingest something first)");
    return LuceneSearcher.open(indexPath(collection));
  }

  public List<CollectionStats> status() {
    List<CollectionStats> out = new ArrayList<>();
    for (String name : manifest.collections()) {
      try (LuceneSearcher s = LuceneSearcher.open(indexPath(name))) {
        out.add(
            new CollectionStats(
                name,
                s.documentCount(),
                s.chunkCount(),
                LuceneSearcher.sizeOnDisk(indexPath(name))));
      }
    }
    return out;
  }

  public Embedder embedder() {
    return embedder;
  }

  @Override
  public void close() {
    manifest.close();
  }
}
