package dev.grounded.index;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
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
import org.apache.lucene.store.Lock;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * A collection's index on disk, in Lucene 10: BM25 over the chunk text (English analysis), and an
 * HNSW graph over int7 scalar-quantized vectors (the raw float32 vectors are kept beside it for
 * exact rescoring, see {@link LuceneSearcher}). One writer per directory: a second writer fails
 * fast with {@code conflict} and a clear message.
 *
 * <p>Not thread-safe for concurrent {@link #replace} and {@link #commit} from different threads
 * beyond what IndexWriter allows (it allows both); {@link #close()} rolls back anything not
 * committed, and when all is committed waits for running merges and commits them.
 */
public final class LuceneIndex implements Index {
  /** The commit user data key of the content version. */
  static final String CONTENT_VERSION = "grounded.content_version";

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
      dev.grounded.core.PrivateFiles.directory(path);
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
      throw inUse(path, e);
    } catch (IOException e) {
      closeQuietly(dir);
      throw storage("cannot open index " + path, e);
    }
  }

  /**
   * Deletes the index at {@code path} and its directory, under its write lock: fails with {@code
   * conflict} while a writer has it open. Readers still open keep the files they hold (on POSIX
   * systems); close shared readers first ({@link SearcherPool#evict}). False when there was none.
   */
  public static boolean delete(Path path) {
    Objects.requireNonNull(path, "path");
    if (!Files.isDirectory(path)) return false;
    try {
      try (Directory dir = FSDirectory.open(path);
          Lock lock = dir.obtainLock(IndexWriter.WRITE_LOCK_NAME)) {
        for (String file : dir.listAll()) {
          if (!file.equals(IndexWriter.WRITE_LOCK_NAME)) Files.deleteIfExists(path.resolve(file));
        }
      }
      Files.deleteIfExists(path.resolve(IndexWriter.WRITE_LOCK_NAME));
      Files.delete(path);
      return true;
    } catch (LockObtainFailedException | DirectoryNotEmptyException e) {
      throw inUse(path, e); // not empty: a writer created files after the lock was released
    } catch (IOException e) {
      throw storage("cannot delete index " + path, e);
    }
  }

  private static GroundedException inUse(Path path, IOException e) {
    return new GroundedException(
        ErrorCode.CONFLICT,
        "index " + path + " is in use by another process (an ingest still running?)",
        "data",
        e);
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
  public void expungeDeletes() {
    try {
      writer.forceMergeDeletes(true);
    } catch (IOException e) {
      throw storage("cannot merge away deleted documents in " + path, e);
    }
  }

  /**
   * Commits, stamping the commit with a fresh random content version ({@link
   * LuceneSearcher#contentVersion}): every commit that changes the index gets one never used
   * before, also across a collection deleted and made again.
   */
  @Override
  public void commit() {
    try {
      if (writer.hasUncommittedChanges())
        writer.setLiveCommitData(
            java.util.Map.of(CONTENT_VERSION, java.util.UUID.randomUUID().toString()).entrySet());
      writer.commit();
      dev.grounded.core.PrivateFiles.restrictFiles(path);
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
        dev.grounded.core.PrivateFiles.restrictFiles(path);
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
