package dev.grounded.index;

import dev.grounded.core.Chunk;
import dev.grounded.core.Hit;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.VectorUtil;

/**
 * A point-in-time, read-only view of a collection's index: BM25 and dense retrievers, and document
 * listings. Opening needs no write lock, so searches run while an ingest writes. Thread-safe; close
 * it when done (closing twice is harmless).
 *
 * <p>{@link #open} gives a searcher that owns its reader; {@link SearcherPool#acquire} gives a
 * lease over a shared reader, which {@link #close()} hands back.
 *
 * <p>Dense search asks the HNSW graph (over quantized vectors) for {@value #OVERSAMPLE}x the
 * requested hits, then rescores those candidates with the full-precision vectors and keeps the
 * best. A {@link Filter} is applied inside both searches (a FILTER clause for BM25, the kNN query's
 * filter for dense), so filtering never drops hits that a larger k would have found.
 */
public final class LuceneSearcher implements Closeable {
  static final int OVERSAMPLE = 3;
  private static final int MAX_QUERY_TERMS = 512;

  private final IndexSearcher searcher;
  private final Closeable release;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Analyzer analyzer = LuceneIndex.analyzer();

  /**
   * @param searcher over the reader to search, null for an index that does not exist yet
   * @param release run once, at the first {@link #close()}
   */
  LuceneSearcher(IndexSearcher searcher, Closeable release) {
    this.searcher = searcher;
    this.release = Objects.requireNonNull(release, "release");
  }

  static LuceneSearcher empty() {
    return new LuceneSearcher(null, () -> {});
  }

  /**
   * Opens the last commit at {@code path}; an absent or empty index gives a searcher that finds
   * nothing.
   */
  public static LuceneSearcher open(Path path) {
    if (!Files.isDirectory(path)) return empty();
    Directory dir = null;
    try {
      dir = FSDirectory.open(path);
      if (!DirectoryReader.indexExists(dir)) {
        dir.close();
        return empty();
      }
      DirectoryReader reader = DirectoryReader.open(dir);
      Directory owned = dir;
      return new LuceneSearcher(new IndexSearcher(reader), () -> IOUtils.close(reader, owned));
    } catch (IOException e) {
      IOUtils.closeWhileHandlingException(dir);
      throw LuceneIndex.storage("cannot open index " + path, e);
    }
  }

  public Retriever bm25() {
    return this::searchBm25;
  }

  public Retriever dense() {
    return this::searchDense;
  }

  /**
   * The retriever for a mode; hybrid fuses BM25 and dense candidates ({@code depth} each) with
   * {@code fusion}.
   */
  public Retriever retriever(SearchMode mode, Fusion fusion, int depth) {
    return switch (mode) {
      case BM25 -> bm25();
      case DENSE -> dense();
      case HYBRID -> new HybridRetriever(List.of(bm25(), dense()), fusion, depth);
    };
  }

  /**
   * Names the content this searcher reads: it changes with every commit that changed the index
   * (ingest, sync, document deletion) and never repeats, so caches of answers built from the
   * collection can key on it. {@code empty} for an index not written yet.
   */
  public String contentVersion() {
    if (searcher == null) return "empty";
    if (!(searcher.getIndexReader() instanceof DirectoryReader reader)) return "unknown";
    try {
      String v = reader.getIndexCommit().getUserData().get(LuceneIndex.CONTENT_VERSION);
      // an index last committed before versions were stamped: its reader version
      return v != null ? v : "v" + reader.getVersion();
    } catch (IOException e) {
      throw LuceneIndex.storage("cannot read the index commit", e);
    }
  }

  /** The collection's term statistics (chunk frequencies of the analysed body), at this view. */
  public TermStatistics termStatistics() {
    if (searcher == null) return TermStatistics.NONE;
    return word -> {
      Set<String> terms = analyze(word);
      if (terms.size() != 1) return Double.NaN;
      try {
        var reader = searcher.getIndexReader();
        long n = reader.getDocCount(LuceneFields.BODY);
        if (n == 0) return Double.NaN;
        long df = reader.docFreq(new Term(LuceneFields.BODY, terms.iterator().next()));
        return Math.log(1 + (n - df + 0.5) / (df + 0.5));
      } catch (IOException e) {
        throw LuceneIndex.storage("index read failed", e);
      }
    };
  }

  public int chunkCount() {
    return count(LuceneFields.KIND_CHUNK);
  }

  public int documentCount() {
    return count(LuceneFields.KIND_DOC);
  }

  /** Every stored document's record, in index order. */
  public List<DocumentRecord> documents() {
    if (searcher == null) return List.of();
    try {
      Query q = new TermQuery(new Term(LuceneFields.KIND, LuceneFields.KIND_DOC));
      TopDocs top = searcher.search(q, Math.max(1, documentCount()));
      StoredFields stored = searcher.storedFields();
      List<DocumentRecord> out = new ArrayList<>(top.scoreDocs.length);
      for (ScoreDoc sd : top.scoreDocs) out.add(LuceneFields.toRecord(stored.document(sd.doc)));
      return out;
    } catch (IOException e) {
      throw LuceneIndex.storage("index read failed", e);
    }
  }

  /** A stored document's chunks in order; empty for an unknown document. */
  public List<Chunk> chunks(String documentId) {
    if (searcher == null) return List.of();
    try {
      Query q =
          new BooleanQuery.Builder()
              .add(
                  new TermQuery(new Term(LuceneFields.DOC_ID, documentId)),
                  BooleanClause.Occur.FILTER)
              .add(
                  new TermQuery(new Term(LuceneFields.KIND, LuceneFields.KIND_CHUNK)),
                  BooleanClause.Occur.FILTER)
              .build();
      TopDocs top = searcher.search(q, Math.max(1, searcher.count(q)));
      StoredFields stored = searcher.storedFields();
      List<Chunk> out = new ArrayList<>(top.scoreDocs.length);
      for (ScoreDoc sd : top.scoreDocs) out.add(LuceneFields.toChunk(stored.document(sd.doc)));
      out.sort(Comparator.comparingInt(Chunk::ordinal));
      return out;
    } catch (IOException e) {
      throw LuceneIndex.storage("index read failed", e);
    }
  }

  private int count(String kind) {
    if (searcher == null) return 0;
    try {
      return searcher.count(new TermQuery(new Term(LuceneFields.KIND, kind)));
    } catch (IOException e) {
      throw LuceneIndex.storage("index read failed", e);
    }
  }

  private List<Hit> searchBm25(SearchQuery query) {
    if (searcher == null) return List.of();
    Set<String> terms = analyze(query.text());
    if (terms.isEmpty()) return List.of();
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (String t : terms)
      b.add(new TermQuery(new Term(LuceneFields.BODY, t)), BooleanClause.Occur.SHOULD);
    Query q = b.build();
    if (!query.filter().isEmpty()) {
      // nested: beside a FILTER clause, SHOULD clauses would all become optional
      q =
          new BooleanQuery.Builder()
              .add(q, BooleanClause.Occur.MUST)
              .add(LuceneFields.filter(query.filter()), BooleanClause.Occur.FILTER)
              .build();
    }
    try {
      return toHits(searcher.search(q, query.k()).scoreDocs);
    } catch (IOException e) {
      throw LuceneIndex.storage("index read failed", e);
    }
  }

  private Set<String> analyze(String text) {
    Set<String> terms = new LinkedHashSet<>();
    try (TokenStream ts = analyzer.tokenStream(LuceneFields.BODY, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken() && terms.size() < MAX_QUERY_TERMS) terms.add(term.toString());
      ts.end();
    } catch (IOException e) {
      throw LuceneIndex.storage("index read failed", e);
    }
    return terms;
  }

  private List<Hit> searchDense(SearchQuery query) {
    if (searcher == null || query.vector().length == 0) return List.of();
    try {
      int candidates = query.k() * OVERSAMPLE;
      Query filter = query.filter().isEmpty() ? null : LuceneFields.filter(query.filter());
      TopDocs top =
          searcher.search(
              new KnnFloatVectorQuery(LuceneFields.VECTOR, query.vector(), candidates, filter),
              candidates);
      ScoreDoc[] rescored = rescore(top.scoreDocs, query.vector());
      return toHits(Arrays.copyOf(rescored, Math.min(query.k(), rescored.length)));
    } catch (IOException e) {
      throw LuceneIndex.storage("index read failed", e);
    }
  }

  /**
   * Replaces each candidate's approximate score with the exact dot product of the float32 vectors.
   */
  private ScoreDoc[] rescore(ScoreDoc[] candidates, float[] target) throws IOException {
    ScoreDoc[] byDoc = candidates.clone();
    Arrays.sort(byDoc, Comparator.comparingInt(sd -> sd.doc));
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    int leafIndex = -1;
    FloatVectorValues values = null;
    KnnVectorValues.DocIndexIterator it = null;
    for (ScoreDoc sd : byDoc) {
      int li = ReaderUtil.subIndex(sd.doc, leaves);
      LeafReaderContext leaf = leaves.get(li);
      if (li != leafIndex) {
        leafIndex = li;
        values = leaf.reader().getFloatVectorValues(LuceneFields.VECTOR);
        it = values.iterator();
      }
      int local = sd.doc - leaf.docBase;
      if (it.docID() < local) it.advance(local);
      sd.score = VectorUtil.dotProduct(target, values.vectorValue(it.index()));
    }
    Arrays.sort(
        byDoc,
        (a, b) ->
            a.score != b.score ? Float.compare(b.score, a.score) : Integer.compare(a.doc, b.doc));
    return byDoc;
  }

  private List<Hit> toHits(ScoreDoc[] docs) throws IOException {
    StoredFields stored = searcher.storedFields();
    List<Hit> hits = new ArrayList<>(docs.length);
    for (ScoreDoc sd : docs)
      hits.add(new Hit(LuceneFields.toChunk(stored.document(sd.doc)), sd.score));
    return hits;
  }

  /** Bytes the index's files take on disk. */
  public static long sizeOnDisk(Path path) {
    if (!Files.isDirectory(path)) return 0;
    try (Stream<Path> files = Files.list(path)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    } catch (IOException e) {
      throw LuceneIndex.storage("index read failed", e);
    }
  }

  /** References held on this searcher's reader (0 once it is closed); for tests. */
  int refCount() {
    return searcher == null ? 0 : searcher.getIndexReader().getRefCount();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    try {
      release.close();
    } catch (IOException e) {
      throw LuceneIndex.storage("cannot close index reader", e);
    }
  }
}
