package dev.grounded.index;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.IOUtils;

/**
 * One shared, refreshing reader per index directory. {@link #acquire} hands out a lease ({@link
 * LuceneSearcher}) over the reader; the reader is reopened first when a commit has happened since,
 * by this process or another, so a lease taken after a commit sees it, while a lease taken before
 * keeps its point-in-time view. Readers are reference-counted: an old reader stays open until its
 * last lease is closed.
 *
 * <p>Thread-safe. {@link #evict} and {@link #close} close the shared readers; leases still open
 * keep working until they are closed.
 */
public final class SearcherPool implements Closeable {
  private final Map<Path, Entry> entries = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * A lease over the latest commit at {@code path}; one that finds nothing when there is no index
   * there yet. Close it when done.
   */
  public LuceneSearcher acquire(Path path) {
    Path key = Objects.requireNonNull(path, "path").toAbsolutePath().normalize();
    while (true) {
      if (closed) throw new IllegalStateException("searcher pool is closed");
      Entry entry = entries.get(key);
      if (entry == null) {
        if (!indexExists(key)) return LuceneSearcher.empty();
        entry = entries.computeIfAbsent(key, Entry::open);
        if (closed) evict(key); // lost a race with close(): let the next turn throw
      }
      LuceneSearcher lease = entry.lease();
      if (lease != null) return lease;
      entries.remove(key, entry); // evicted meanwhile: open anew
    }
  }

  /** Closes the shared reader of {@code path}, e.g. before its directory is deleted. */
  public void evict(Path path) {
    Entry entry = entries.remove(Objects.requireNonNull(path, "path").toAbsolutePath().normalize());
    if (entry != null) entry.close();
  }

  @Override
  public void close() {
    closed = true;
    for (Path p : List.copyOf(entries.keySet())) evict(p);
  }

  private static boolean indexExists(Path path) {
    if (!Files.isDirectory(path)) return false;
    try (Directory dir = FSDirectory.open(path)) {
      return DirectoryReader.indexExists(dir);
    } catch (IOException e) {
      throw LuceneIndex.storage("cannot open index " + path, e);
    }
  }

  /** The shared reader of one directory, as a Lucene {@link SearcherManager}. */
  private static final class Entry {
    private final Path path;
    private final Directory directory;
    private final SearcherManager manager;
    private boolean closed;

    private Entry(Path path, Directory directory, SearcherManager manager) {
      this.path = path;
      this.directory = directory;
      this.manager = manager;
    }

    static Entry open(Path path) {
      Directory dir = null;
      try {
        dir = FSDirectory.open(path);
        return new Entry(path, dir, new SearcherManager(dir, null));
      } catch (IOException e) {
        IOUtils.closeWhileHandlingException(dir);
        throw LuceneIndex.storage("cannot open index " + path, e);
      }
    }

    /** A lease over the refreshed reader; null once this entry is closed. */
    synchronized LuceneSearcher lease() {
      if (closed) return null;
      try {
        manager.maybeRefreshBlocking();
        IndexSearcher searcher = manager.acquire();
        return new LuceneSearcher(searcher, () -> manager.release(searcher));
      } catch (IOException e) {
        throw LuceneIndex.storage("cannot refresh index " + path, e);
      }
    }

    synchronized void close() {
      if (closed) return;
      closed = true;
      try {
        // the manager drops its own reference; readers with open leases close at their release
        IOUtils.close(manager, directory);
      } catch (IOException e) {
        throw LuceneIndex.storage("cannot close index " + path, e);
      }
    }
  }
}
