package dev.grounded.index;

import java.io.Closeable;

/**
 * The write side of a collection's search index. Changes become durable and visible to new readers
 * at {@link #commit()}; a crash before it loses them whole. {@link #replace} swaps all chunks of a
 * document atomically: no reader or commit ever sees half a document.
 */
public interface Index extends Closeable {
  /** Stores the document, removing any chunks it had before. */
  void replace(IndexedDocument document);

  /** Removes the document and its chunks; no-op when absent. */
  void delete(String documentId);

  /** Makes every change so far durable, atomically. */
  void commit();

  /**
   * Rewrites the stored segments that hold deleted documents so their text leaves the disk at the
   * next commit (a delete alone only marks them; their bytes stay until a merge). For deletions a
   * user asked for; costs a merge of those segments.
   */
  default void expungeDeletes() {}
}
