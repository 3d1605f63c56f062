package dev.grounded.ingest;

import dev.grounded.core.Answer;
import dev.grounded.core.Citation;
import dev.grounded.core.GroundedException;
import dev.grounded.core.Metadata;
import dev.grounded.embed.Embedder;
import dev.grounded.index.LuceneIndex;
import dev.grounded.index.LuceneSearcher;
import dev.grounded.index.RetrievalSettings;
import dev.grounded.index.SearcherPool;
import dev.grounded.ingest.chunk.BoundedChunker;
import dev.grounded.ingest.chunk.Chunker;
import dev.grounded.ingest.parse.ParseLimits;
import dev.grounded.ingest.parse.Parser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A data directory: {@code grounded.db} (manifest, collections) and {@code index/<key>/} (one
 * Lucene index per collection, keyed by {@link CollectionId#key()}). Wires the ingest stages for a
 * collection, keeps its manifest rows and index in step, and hands out searchers; holds no other
 * logic. Methods take collection keys: a plain name (default tenant) or {@code tenant~name}.
 *
 * <p>Thread-safe. Writes to one collection (ingests, deletes) wait for each other; a writer in
 * another process is waited for up to {@link IngestOptions#lockWait()}, then they fail with {@code
 * conflict}. Searchers are leases over one shared, refreshing reader per collection (see {@link
 * SearcherPool}).
 */
public final class KnowledgeBase implements AutoCloseable {
  private final Path dataDir;
  private final Parser parser;
  private final Chunker chunker;
  private final Embedder embedder;
  private final ExecutorService executor;
  private final String settingsFingerprint;
  private final IngestOptions options;
  private final Manifest manifest;
  private final SearcherPool searchers = new SearcherPool();
  private final CollectionLocks locks;

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
    this(
        dataDir,
        parser,
        chunker,
        embedder,
        executor,
        settingsFingerprint,
        options,
        ParseLimits.DEFAULTS);
  }

  /**
   * @param limits what one document may cost: the parser given enforces the parse limits; here the
   *     chunker is held to {@link ParseLimits#maxChunks()}
   */
  public KnowledgeBase(
      Path dataDir,
      Parser parser,
      Chunker chunker,
      Embedder embedder,
      ExecutorService executor,
      String settingsFingerprint,
      IngestOptions options,
      ParseLimits limits) {
    this.dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath();
    this.parser = Objects.requireNonNull(parser, "parser");
    this.chunker =
        new BoundedChunker(
            Objects.requireNonNull(chunker, "chunker"),
            Objects.requireNonNull(limits, "limits").maxChunks());
    this.embedder = Objects.requireNonNull(embedder, "embedder");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.settingsFingerprint = Objects.requireNonNull(settingsFingerprint, "settingsFingerprint");
    this.options = Objects.requireNonNull(options, "options");
    this.locks = new CollectionLocks(options.lockWait());
    if (Files.exists(dataDir) && !Files.isDirectory(dataDir))
      throw GroundedException.invalid("data", dataDir + ": not a directory");
    this.manifest = Manifest.open(this.dataDir.resolve("grounded.db"));
  }

  /**
   * Validates a collection key ({@code name} or {@code tenant~name}) and returns its canonical form
   * (the bare name for the default tenant).
   */
  public static String checkCollection(String key) {
    return CollectionId.parse(key).key();
  }

  /** The data directory (absolute). */
  public Path dataDir() {
    return dataDir;
  }

  public Path indexPath(String collection) {
    return dataDir.resolve("index").resolve(checkCollection(collection));
  }

  /**
   * The collection's retrieval settings: those saved by {@link #saveRetrievalSettings} (by {@code
   * grounded eval tune --save}), else {@link RetrievalSettings#DEFAULTS}.
   */
  public RetrievalSettings retrievalSettings(String collection) {
    return RetrievalSettingsFile.read(indexPath(collection).resolve(RetrievalSettingsFile.NAME));
  }

  /** Saves retrieval settings with an existing collection (atomically; deleted with it). */
  public void saveRetrievalSettings(String collection, RetrievalSettings settings) {
    saveRetrievalSettings(collection, settings, "");
  }

  /**
   * The same, recording how the settings were chosen ({@code tuned}, e.g. {@code qrels} or {@code
   * label-free}; blank for nothing), which {@link #retrievalSettingsTuning} reads back.
   */
  public void saveRetrievalSettings(String collection, RetrievalSettings settings, String tuned) {
    if (!collectionExists(collection))
      throw GroundedException.notFound("collection '" + collection + "' does not exist");
    RetrievalSettingsFile.write(
        indexPath(collection).resolve(RetrievalSettingsFile.NAME), settings, tuned);
  }

  /**
   * How the saved retrieval settings were chosen, as recorded by {@link
   * #saveRetrievalSettings(String, RetrievalSettings, String)}; empty without saved settings or a
   * record (files saved before settings recorded it).
   */
  public Optional<String> retrievalSettingsTuning(String collection) {
    return RetrievalSettingsFile.tuned(indexPath(collection).resolve(RetrievalSettingsFile.NAME));
  }

  /**
   * What answers the collection's {@code rag:} model: {@code extractive} (the default) or {@code
   * model:<alias>}, as saved by {@link #saveGenerator}; not_found for an unknown collection.
   */
  public String generator(String collection) {
    return GeneratorFile.read(indexPath(existing(collection)).resolve(GeneratorFile.NAME));
  }

  /**
   * Sets what answers the collection's {@code rag:} model; invalid unless {@code extractive} or
   * {@code model:<alias>}, not_found for an unknown collection. Removed with the collection.
   */
  public void saveGenerator(String collection, String generator) {
    String k = existing(collection);
    locks.locked(
        k,
        () -> {
          GeneratorFile.write(indexPath(k).resolve(GeneratorFile.NAME), generator);
          return null;
        });
  }

  /** The trust levels a collection can have. */
  public static final String TRUSTED = "trusted";

  public static final String UNTRUSTED = "untrusted";

  private static final String TRUST_FILE = "trust.json";

  /**
   * Whether the whole collection is untrusted (set by {@link #saveTrust}): its chunks are quoted
   * strictly as data, and a policy may keep them out of answers; not_found for an unknown one.
   */
  public boolean untrusted(String collection) {
    return UNTRUSTED.equals(
        SettingFile.read(
            indexPath(existing(collection)).resolve(TRUST_FILE),
            "trust",
            TRUSTED,
            this::checkTrust));
  }

  /** Marks the collection {@code trusted} (the default) or {@code untrusted}. */
  public void saveTrust(String collection, String trust) {
    String k = existing(collection);
    String checked = checkTrust(trust);
    locks.locked(
        k,
        () -> {
          SettingFile.write(indexPath(k).resolve(TRUST_FILE), "trust", checked);
          return null;
        });
  }

  private static final String FRESHNESS_FILE = "freshness.json";

  /**
   * The collection's freshness limit in days ({@link #saveFreshness}); 0 for none. Not_found for an
   * unknown collection.
   */
  public int freshnessDays(String collection) {
    return Integer.parseInt(
        SettingFile.read(
            indexPath(existing(collection)).resolve(FRESHNESS_FILE),
            "freshness_days",
            "0",
            KnowledgeBase::checkFreshness));
  }

  /** Sets the collection's freshness limit: a cited document older than this is named stale. */
  public void saveFreshness(String collection, int days) {
    String k = existing(collection);
    String checked = checkFreshness(Integer.toString(days));
    locks.locked(
        k,
        () -> {
          SettingFile.write(indexPath(k).resolve(FRESHNESS_FILE), "freshness_days", checked);
          return null;
        });
  }

  private static String checkFreshness(String days) {
    try {
      int d = Integer.parseInt(days);
      if (d >= 0 && d <= 36_500) return days;
    } catch (NumberFormatException e) {
      // refused below
    }
    throw GroundedException.invalid(
        "freshness_days",
        "freshness_days must be a whole number of days in 0..36500, not '" + days + "'");
  }

  /**
   * The documents {@code answer} cites that are older than the collection's freshness limit, each
   * once; empty when the collection has none. A document's age counts from its {@code updated} or
   * {@code date} metadata (an ISO date or instant given at upload), else from when its current
   * version was ingested.
   */
  public List<StaleSource> staleSources(String collection, Answer answer, Instant now) {
    int limit = freshnessDays(collection);
    if (limit == 0) return List.of();
    String k = existing(collection);
    List<StaleSource> out = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Citation c : answer.citations()) {
      String doc = c.chunk().documentId();
      if (!seen.add(doc)) continue;
      Optional<ManifestEntry> e = manifest.entry(k, doc);
      if (e.isEmpty()) continue;
      String datedBy = "ingested_at";
      Instant dated = Instant.ofEpochMilli(e.get().ingestedAtMillis());
      for (String key : List.of("updated", "date")) {
        Instant given = parseDate(e.get().metadata().get(key));
        if (given != null) {
          dated = given;
          datedBy = "metadata." + key;
          break;
        }
      }
      long age = java.time.Duration.between(dated, now).toDays();
      if (age > limit) out.add(new StaleSource(doc, c.chunk().source(), age, limit, datedBy));
    }
    return out;
  }

  private static Instant parseDate(String text) {
    if (text == null || text.isBlank()) return null;
    try {
      return text.strip().length() == 10
          ? java.time.LocalDate.parse(text.strip())
              .atStartOfDay(java.time.ZoneOffset.UTC)
              .toInstant()
          : Instant.parse(text.strip());
    } catch (java.time.format.DateTimeParseException ex) {
      return null;
    }
  }

  private String checkTrust(String trust) {
    if (TRUSTED.equals(trust) || UNTRUSTED.equals(trust)) return trust;
    throw GroundedException.invalid(
        "trust", "trust must be 'trusted' or 'untrusted', not '" + trust + "'");
  }

  public String settingsFingerprint() {
    return settingsFingerprint;
  }

  /** Ingests files and folders; with {@code prune}, drops documents whose files are gone. */
  public IngestSummary ingestPaths(
      String collection, List<Path> paths, boolean prune, IngestListener listener) {
    return ingestPaths(collection, paths, prune, listener, () -> false);
  }

  /**
   * The same, stopping early once {@code cancelled} answers true (see {@link #ingest(String, List,
   * boolean, IngestListener, BooleanSupplier)}).
   */
  public IngestSummary ingestPaths(
      String collection,
      List<Path> paths,
      boolean prune,
      IngestListener listener,
      BooleanSupplier cancelled) {
    return ingestPaths(collection, paths, prune, listener, cancelled, Map.of());
  }

  /**
   * The same, storing {@code metadata} with every document (for example {@code trust=untrusted} for
   * a folder whose documents are quoted strictly as data).
   */
  public IngestSummary ingestPaths(
      String collection,
      List<Path> paths,
      boolean prune,
      IngestListener listener,
      BooleanSupplier cancelled,
      Map<String, String> metadata) {
    Map<String, String> meta = Metadata.check(metadata);
    FileWalker.Walk walk = FileWalker.scan(paths);
    List<SourceDocument> sources = new ArrayList<>(walk.files().size());
    List<String> empty = new ArrayList<>();
    for (Path f : walk.files()) {
      if (isEmptyFile(f)) empty.add(f.toString());
      else {
        FileSource file = new FileSource(f, parser, settingsFingerprint);
        sources.add(meta.isEmpty() ? file : new WithMetadata(file, meta));
      }
    }
    IngestSummary summary = ingest(collection, sources, prune, listener, cancelled);
    int missing = prune ? 0 : gone(checkCollection(collection)).size();
    return summary.withLeftOut(
        empty, walk.unsupported().stream().map(Path::toString).toList(), missing);
  }

  /** A source with metadata added to its own. */
  private record WithMetadata(SourceDocument inner, Map<String, String> extra)
      implements SourceDocument {
    @Override
    public String documentId() {
      return inner.documentId();
    }

    @Override
    public String source() {
      return inner.source();
    }

    @Override
    public String contentHash() {
      return inner.contentHash();
    }

    @Override
    public dev.grounded.ingest.parse.ParsedDocument parse() {
      return inner.parse();
    }

    @Override
    public Map<String, String> metadata() {
      Map<String, String> all = new java.util.HashMap<>(inner.metadata());
      all.putAll(extra);
      return all;
    }
  }

  private static boolean isEmptyFile(Path f) {
    try {
      return Files.size(f) == 0;
    } catch (java.io.IOException e) {
      return false; // the parser reports what is wrong with it
    }
  }

  /**
   * Ingests files and folders a server reads from its own disk by request, confined to {@code
   * roots}: a file whose real path (links resolved) lies outside every root fails alone, and each
   * document is named by its path relative to its root (see {@link ConfinedFiles}). Stops early
   * once {@code cancelled} answers true.
   *
   * @param roots the allowed folders; each must exist
   */
  public IngestSummary ingestConfined(
      String collection,
      List<Path> paths,
      List<Path> roots,
      IngestListener listener,
      BooleanSupplier cancelled) {
    List<Path> realRoots = new ArrayList<>(roots.size());
    for (Path root : roots) {
      try {
        realRoots.add(root.toRealPath());
      } catch (java.io.IOException e) {
        // a root that does not exist allows nothing
      }
    }
    List<Path> files = FileWalker.walk(paths);
    return ingest(
        collection,
        ConfinedFiles.sources(files, realRoots, parser, settingsFingerprint),
        false,
        listener,
        cancelled);
  }

  /** Ingests arbitrary sources (data set records, uploads). */
  public IngestSummary ingest(
      String collection,
      List<? extends SourceDocument> sources,
      boolean prune,
      IngestListener listener) {
    return ingest(collection, sources, prune, listener, () -> false);
  }

  /**
   * The same, stopping early once {@code cancelled} answers true: while waiting for the
   * collection's lock nothing is written; while ingesting, documents already written are committed
   * whole, documents not reached keep their previous version (or stay absent), and nothing is
   * pruned. The summary then says {@link IngestSummary#cancelled()}.
   */
  public IngestSummary ingest(
      String collection,
      List<? extends SourceDocument> sources,
      boolean prune,
      IngestListener listener,
      BooleanSupplier cancelled) {
    String key = checkCollection(collection);
    return run(key, sources, listener, () -> prune ? gone(key) : List.of(), cancelled);
  }

  /**
   * Makes the collection hold exactly {@code sources}: ingests them and removes every other
   * document (an evaluation corpus that changed between runs).
   */
  public IngestSummary sync(
      String collection, List<? extends SourceDocument> sources, IngestListener listener) {
    String key = checkCollection(collection);
    Set<String> wanted = new HashSet<>();
    for (SourceDocument s : sources) wanted.add(s.documentId());
    return run(
        key,
        sources,
        listener,
        () -> manifest.entries(key).keySet().stream().filter(id -> !wanted.contains(id)).toList(),
        () -> false);
  }

  /**
   * Waits for the collection's other writers, opens its index, reconciles the manifest, then
   * ingests and removes.
   */
  private IngestSummary run(
      String key,
      List<? extends SourceDocument> sources,
      IngestListener listener,
      Supplier<Collection<String>> removals,
      BooleanSupplier cancelled) {
    long start = System.nanoTime();
    try {
      return locks.withIndex(
          key,
          indexPath(key),
          cancelled,
          index -> {
            manifest.ensureCollection(key);
            reconcile(key);
            return new Ingestor(chunker, embedder, index, manifest, key, executor, options)
                .ingest(sources, removals.get(), listener, cancelled);
          });
    } catch (CollectionLocks.Cancelled e) {
      Collection<ManifestEntry> now = manifest.entries(key).values();
      return new IngestSummary(
          sources.size(),
          now.size(),
          now.stream().mapToInt(ManifestEntry::chunks).sum(),
          0,
          0,
          0,
          0,
          (System.nanoTime() - start) / 1e9,
          List.of(),
          true);
    }
  }

  /**
   * Makes the manifest agree with the index's last commit (they differ only after a crash between
   * the two, or for rows written before titles and metadata were kept).
   */
  private void reconcile(String key) {
    try (LuceneSearcher s = searchers.acquire(indexPath(key))) {
      Reconciliation.apply(manifest, key, s.documents());
    }
  }

  private Collection<String> gone(String key) {
    List<String> ids = new ArrayList<>();
    for (ManifestEntry e : manifest.entries(key).values()) {
      Path p = Path.of(e.source());
      if (p.isAbsolute() && !Files.exists(p)) ids.add(e.documentId());
    }
    return ids;
  }

  /** Records an empty collection; false when it existed. */
  public boolean createCollection(String key) {
    return manifest.ensureCollection(checkCollection(key));
  }

  public boolean collectionExists(String key) {
    return manifest.hasCollection(checkCollection(key));
  }

  /** The collections of one tenant, by name. */
  public List<CollectionId> collections(String tenant) {
    CollectionId.checkTenant(tenant);
    List<CollectionId> out = new ArrayList<>();
    for (String key : manifest.collections()) {
      CollectionId id = CollectionId.parse(key);
      if (id.tenant().equals(tenant)) out.add(id);
    }
    return out;
  }

  /**
   * Deletes the collection: its index (after the shared reader is closed; open leases keep their
   * view) and then its manifest rows. False when it did not exist.
   */
  public boolean deleteCollection(String key) {
    String k = checkCollection(key);
    Path path = indexPath(k);
    return locks.locked(
        k,
        () -> {
          boolean existed = manifest.hasCollection(k);
          searchers.evict(path);
          LuceneIndex.delete(path);
          searchers.evict(path); // a reader opened meanwhile saw the files being deleted
          manifest.dropCollection(k);
          return existed;
        });
  }

  /** The manifest's entry for a document; not_found for an unknown collection. */
  public Optional<ManifestEntry> document(String key, String documentId) {
    Objects.requireNonNull(documentId, "documentId");
    return manifest.entry(existing(key), documentId);
  }

  /**
   * Up to {@code limit} documents in id order, after {@code afterId} (from the first when null);
   * not_found for an unknown collection.
   */
  public List<ManifestEntry> documents(String key, String afterId, int limit) {
    if (limit < 1) throw GroundedException.invalid("limit", "limit must be >= 1: " + limit);
    return manifest.entries(existing(key), afterId, limit);
  }

  /**
   * Removes a document's chunks and record from the index (committed), then its manifest row; false
   * when it is not there, not_found for an unknown collection.
   */
  public boolean deleteDocument(String key, String documentId) {
    return deleteDocument(key, documentId, false);
  }

  /**
   * As {@link #deleteDocument(String, String)}; with {@code expunge}, the segments that held the
   * document are rewritten before the commit so its text leaves the disk (a deletion a user asked
   * for), not only its record.
   */
  public boolean deleteDocument(String key, String documentId, boolean expunge) {
    Objects.requireNonNull(documentId, "documentId");
    String k = existing(key);
    return locks.withIndex(
        k,
        indexPath(k),
        index -> {
          reconcile(k);
          if (manifest.entry(k, documentId).isEmpty()) return false;
          index.delete(documentId);
          if (expunge) index.expungeDeletes();
          index.commit();
          manifest.apply(k, List.of(), List.of(documentId));
          return true;
        });
  }

  /**
   * A lease over the collection's last commit; close it when done. Fails with not_found for an
   * unknown collection.
   */
  public LuceneSearcher searcher(String collection) {
    return searchers.acquire(indexPath(existing(collection)));
  }

  private String existing(String key) {
    String k = checkCollection(key);
    if (!manifest.hasCollection(k))
      throw GroundedException.notFound(
          "no collection '"
              + CollectionId.parse(k).name()
              + "' in "
              + dataDir
              + " (ingest something first)");
    return k;
  }

  public List<CollectionStats> status() {
    List<CollectionStats> out = new ArrayList<>();
    for (String name : manifest.collections()) {
      try (LuceneSearcher s = searchers.acquire(indexPath(name))) {
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
    try {
      searchers.close();
    } finally {
      manifest.close();
    }
  }
}
