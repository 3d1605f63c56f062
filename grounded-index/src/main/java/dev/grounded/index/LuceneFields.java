package dev.grounded.index;

import dev.grounded.core.Chunk;
import dev.grounded.core.ChunkScan;
import dev.grounded.core.Location;
import dev.grounded.core.Metadata;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * The Lucene schema. Each document is stored as a block: one Lucene document per chunk ({@code
 * kind=chunk}: BM25 body, vector, stored text and location) followed by one record of the document
 * itself ({@code kind=doc}: id, source, hash, version, chunk count, metadata). The block is written
 * with one {@code updateDocuments} call, so it is replaced whole.
 *
 * <p>Metadata is indexed on every chunk as {@code meta.<key>} keyword fields (not stored), which
 * {@link #filter} turns a {@link Filter} into; the record stores it as {@code meta} values of the
 * form {@code key + U+001F + value}.
 */
final class LuceneFields {
  static final String KIND = "kind";
  static final String KIND_CHUNK = "chunk";
  static final String KIND_DOC = "doc";
  static final String DOC_ID = "doc_id";
  static final String SOURCE = "source";
  static final String TITLE = "title";
  static final String HASH = "hash";
  static final String VERSION = "version";
  static final String CHUNKS = "chunks";
  static final String ORDINAL = "ordinal";
  static final String PAGE = "page";
  static final String HEADINGS = "headings";
  static final String START = "start";
  static final String END = "end";
  static final String TEXT = "text";
  static final String BODY = "body";
  static final String VECTOR = "vector";
  static final String META = "meta";
  static final String META_PREFIX = "meta.";

  /**
   * The guardrails' fingerprint and findings of a chunk scanned at ingest (absent: not scanned).
   */
  static final String GUARD_BY = "guard_by";

  static final String GUARD_FINDINGS = "guard_findings";

  /** Present (value 1) on a chunk of an untrusted document. */
  static final String UNTRUSTED = "untrusted";

  private static final String HEADING_SEPARATOR = "\u001f";
  private static final char META_SEPARATOR = '\u001f';

  private LuceneFields() {}

  static List<Document> block(IndexedDocument d) {
    List<Document> docs = new ArrayList<>(d.chunks().size() + 1);
    for (int i = 0; i < d.chunks().size(); i++) {
      Document chunk = chunkDocument(d.chunks().get(i), d.vectors().get(i));
      d.metadata()
          .forEach((k, v) -> chunk.add(new StringField(META_PREFIX + k, v, Field.Store.NO)));
      docs.add(chunk);
    }
    Document record = new Document();
    record.add(new StringField(KIND, KIND_DOC, Field.Store.NO));
    record.add(new StringField(DOC_ID, d.documentId(), Field.Store.YES));
    record.add(new StoredField(SOURCE, d.source()));
    record.add(new StoredField(TITLE, d.title()));
    record.add(new StoredField(HASH, d.contentHash()));
    record.add(new StoredField(VERSION, d.version()));
    record.add(new StoredField(CHUNKS, d.chunks().size()));
    d.metadata().forEach((k, v) -> record.add(new StoredField(META, k + META_SEPARATOR + v)));
    docs.add(record);
    return docs;
  }

  private static Document chunkDocument(Chunk c, float[] vector) {
    Location loc = c.location();
    Document doc = new Document();
    doc.add(new StringField(KIND, KIND_CHUNK, Field.Store.NO));
    doc.add(new StringField(DOC_ID, c.documentId(), Field.Store.YES));
    doc.add(new StoredField(SOURCE, c.source()));
    doc.add(new StoredField(ORDINAL, c.ordinal()));
    doc.add(new StoredField(PAGE, loc.page()));
    doc.add(new StoredField(HEADINGS, String.join(HEADING_SEPARATOR, loc.headings())));
    doc.add(new StoredField(START, loc.start()));
    doc.add(new StoredField(END, loc.end()));
    doc.add(new StoredField(TEXT, c.text()));
    if (c.scan().scanned()) {
      doc.add(new StoredField(GUARD_BY, c.scan().by()));
      doc.add(new StoredField(GUARD_FINDINGS, c.scan().findings()));
    }
    if (c.scan().untrusted()) doc.add(new StoredField(UNTRUSTED, 1));
    doc.add(new TextField(BODY, c.contextualText(), Field.Store.NO));
    doc.add(new KnnFloatVectorField(VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
    return doc;
  }

  static Chunk toChunk(Document doc) {
    String headings = doc.get(HEADINGS);
    List<String> path =
        headings == null || headings.isEmpty()
            ? List.of()
            : Arrays.asList(headings.split(HEADING_SEPARATOR));
    Location loc =
        new Location(
            doc.getField(PAGE).numericValue().intValue(),
            path,
            doc.getField(START).numericValue().intValue(),
            doc.getField(END).numericValue().intValue());
    String scannedBy = doc.get(GUARD_BY);
    return new Chunk(
        doc.get(DOC_ID),
        doc.get(SOURCE),
        doc.getField(ORDINAL).numericValue().intValue(),
        doc.get(TEXT),
        loc,
        new ChunkScan(
            Objects.requireNonNullElse(scannedBy, ""),
            Objects.requireNonNullElse(doc.get(GUARD_FINDINGS), ""),
            doc.getField(UNTRUSTED) != null));
  }

  static DocumentRecord toRecord(Document doc) {
    return new DocumentRecord(
        doc.get(DOC_ID),
        doc.get(SOURCE),
        doc.get(TITLE),
        doc.get(HASH),
        doc.getField(VERSION).numericValue().longValue(),
        doc.getField(CHUNKS).numericValue().intValue(),
        metadata(doc));
  }

  private static Map<String, String> metadata(Document doc) {
    Map<String, String> out = new TreeMap<>();
    for (IndexableField f : doc.getFields(META)) {
      String pair = f.stringValue();
      int sep = pair.indexOf(META_SEPARATOR);
      out.put(pair.substring(0, sep), pair.substring(sep + 1));
    }
    return out;
  }

  /**
   * The query a chunk must match to pass {@code filter}: per key a set of accepted terms, the keys
   * as FILTER clauses (they do not score). Only for a non-empty filter.
   */
  static Query filter(Filter filter) {
    if (filter.isEmpty()) throw new IllegalArgumentException("empty filter");
    BooleanQuery.Builder all = new BooleanQuery.Builder();
    for (Map.Entry<String, List<String>> e : filter.anyOf().entrySet()) {
      String field = e.getKey().equals(Metadata.DOCUMENT_ID) ? DOC_ID : META_PREFIX + e.getKey();
      all.add(anyOf(field, e.getValue()), BooleanClause.Occur.FILTER);
    }
    return all.build();
  }

  private static Query anyOf(String field, List<String> values) {
    if (values.size() == 1) return new TermQuery(new Term(field, values.getFirst()));
    List<BytesRef> terms = new ArrayList<>(values.size());
    for (String v : values) terms.add(new BytesRef(v));
    return new TermInSetQuery(field, terms);
  }
}
