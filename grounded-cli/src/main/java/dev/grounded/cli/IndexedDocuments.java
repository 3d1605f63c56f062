package dev.grounded.cli;

import dev.grounded.core.Chunk;
import dev.grounded.eval.BeirDocument;
import dev.grounded.index.DocumentRecord;
import dev.grounded.index.LuceneSearcher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * An ingested collection's documents as BEIR records, for label-free tuning without a corpus file:
 * the title the index stored and the text of the document's chunks joined in order (overlapping
 * chunks repeat their overlap).
 */
final class IndexedDocuments {
  /** Documents read per pseudo-query wanted: enough spares for those too short to give one. */
  static final int SPARES = 4;

  private IndexedDocuments() {}

  /** A seeded sample of up to {@code SPARES * sample} documents. */
  static List<BeirDocument> sample(LuceneSearcher searcher, int sample, long seed) {
    List<DocumentRecord> records = new ArrayList<>(searcher.documents());
    records.sort(java.util.Comparator.comparing(DocumentRecord::documentId));
    Collections.shuffle(records, new Random(seed));
    List<BeirDocument> out = new ArrayList<>();
    for (DocumentRecord r : records.subList(0, Math.min(records.size(), SPARES * sample))) {
      String text =
          searcher.chunks(r.documentId()).stream()
              .map(Chunk::text)
              .collect(Collectors.joining("\n"));
      if (!text.isBlank()) out.add(new BeirDocument(r.documentId(), r.title(), text));
    }
    return out;
  }
}
