package dev.grounded.ingest;

import dev.grounded.index.DocumentRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Brings a collection's manifest rows in line with the documents of the index's last commit: the
 * index is the truth. They differ after a crash between an index commit and the manifest write, and
 * for rows of older versions that lack a title or metadata.
 */
final class Reconciliation {
  private Reconciliation() {}

  static void apply(Manifest manifest, String collection, List<DocumentRecord> records) {
    Map<String, ManifestEntry> entries = manifest.entries(collection);
    List<ManifestEntry> upserts = new ArrayList<>();
    Set<String> present = new HashSet<>();
    long now = System.currentTimeMillis();
    for (DocumentRecord r : records) {
      present.add(r.documentId());
      ManifestEntry e = entries.get(r.documentId());
      if (e == null || !agrees(e, r)) {
        upserts.add(
            new ManifestEntry(
                r.documentId(),
                r.source(),
                r.title(),
                r.contentHash(),
                Math.max(1, r.version()),
                r.chunks(),
                e != null && e.contentHash().equals(r.contentHash()) ? e.ingestedAtMillis() : now,
                r.metadata()));
      }
    }
    List<String> deletes = entries.keySet().stream().filter(id -> !present.contains(id)).toList();
    if (!upserts.isEmpty() || !deletes.isEmpty()) manifest.apply(collection, upserts, deletes);
  }

  private static boolean agrees(ManifestEntry e, DocumentRecord r) {
    return e.contentHash().equals(r.contentHash())
        && e.source().equals(r.source())
        && e.chunks() == r.chunks()
        && e.title().equals(r.title())
        && e.metadata().equals(r.metadata());
  }
}
