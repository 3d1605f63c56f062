package dev.grounded.index;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * A collection's index on disk, in Lucene 10: BM25 over the chunk text (English analysis), and an
 * HNSW graph over int7 scalar-quantized vectors (the raw float32 vectors are kept beside it for
 * exact rescoring, see {@link LuceneSearcher}). One writer per directory: a second writer fails
 * fast with a clear message.
 *
 * <p>Not thread-safe for concurrent {@link #replace} and {@link #commit} from different threads
 * beyond what IndexWriter allows (it allows both); {@link #close()} rolls back anything not
 * committed, and when all is committed waits for running merges and commits them.
 */
public final class LuceneIndex implements Index {
  private final Path path;
  private final Directory directory;
  private final IndexWriter writer;

  private LuceneIndex(Path path, Directory directory, IndexWriter writer) {
    this.path = path;
    this.directory = directory;
    this.writer = writer;
  }

  /** Opens the index at {@code path} for writing, creating it when absent. */
  public static LuceneIndex open(Path path) {
    Objects.requireNonNull(path, "path");
    Directory dir = null;
    try {
      Files.createDirectories(path);
      dir = FSDirectory.open(path);
      IndexWriterConfig config =
          new IndexWriterConfig(analyzer())
              .setCodec(codec())
              .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
              .setRAMBufferSizeMB(64)
              .setCommitOnClose(true); // close() rolls back first when anything is uncommitted
      return new LuceneIndex(path, dir, new IndexWriter(dir, config));
    } catch (LockObtainFailedException e) {
      closeQuietly(dir);
      throw new GroundedException(
          ErrorCode.INVALID_REQUEST,
          "index " + path + " is in use by another process (an ingest still running?)",
          "data",
          e);
    } catch (IOException e) {
      closeQuietly(dir);
      throw storage("cannot open index " + path, e);
    }
  }

  /** The analyzer used for the BM25 field, at index and at query time. */
  static Analyzer analyzer() {
    return new EnglishAnalyzer();
  }

  static Codec codec() {
    KnnVectorsFormat quantized = new Lucene99HnswScalarQuantizedVectorsFormat();
    return new Lucene103Codec() {
      @Override
      public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
        return quantized;
      }
    };
  }

  public Path path() {
    return path;
  }

  @Override
  public void replace(IndexedDocument document) {
    try {
      writer.updateDocuments(
          new Term(LuceneFields.DOC_ID, document.documentId()), LuceneFields.block(document));
    } catch (IOException e) {
      throw storage("cannot write document " + document.source(), e);
    }
  }

  @Override
  public void delete(String documentId) {
    try {
      writer.deleteDocuments(new Term(LuceneFields.DOC_ID, documentId));
    } catch (IOException e) {
      throw storage("cannot delete document " + documentId, e);
    }
  }

  @Override
  public void commit() {
    try {
      writer.commit();
    } catch (IOException e) {
      throw storage("cannot commit index " + path, e);
    }
  }

  /** Opens a point-in-time searcher over the last commit. */
  public LuceneSearcher searcher() {
    return LuceneSearcher.open(path);
  }

  @Override
  public void close() {
    try {
      if (writer.hasUncommittedChanges()) {
        writer.rollback();
      } else {
        // everything is committed: let running merges finish and commit their result, so the next
        // readers see fewer segments (a rollback would throw the merge work away)
        writer.close(); // commitOnClose: waits for merges, then commits
      }
    } catch (IOException e) {
      throw storage("cannot close index " + path, e);
    } finally {
      closeQuietly(directory);
    }
  }

  static GroundedException storage(String message, IOException e) {
    return new GroundedException(ErrorCode.STORAGE_ERROR, message + ": " + e.getMessage(), null, e);
  }

  private static void closeQuietly(Directory dir) {
    if (dir == null) return;
    try {
      dir.close();
    } catch (IOException ignored) {
      // best effort on an error path
    }
  }
}
