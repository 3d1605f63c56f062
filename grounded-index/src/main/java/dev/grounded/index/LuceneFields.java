package dev.grounded.index;

import dev.grounded.core.Chunk;
import dev.grounded.core.Location;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.VectorSimilarityFunction;

/**
 * The Lucene schema. Each document is stored as a block: one Lucene document per chunk ({@code
 * kind=chunk}: BM25 body, vector, stored text and location) followed by one record of the document
 * itself ({@code kind=doc}: id, source, hash, version, chunk count). The block is written with one
 * {@code updateDocuments} call, so it is replaced whole.
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
  private static final String HEADING_SEPARATOR = "\u001f";

  private LuceneFields() {}

  static List<Document> block(IndexedDocument d) {
    List<Document> docs = new ArrayList<>(d.chunks().size() + 1);
    for (int i = 0; i < d.chunks().size(); i++) {
      docs.add(chunkDocument(d.chunks().get(i), d.vectors().get(i)));
    }
    Document record = new Document();
    record.add(new StringField(KIND, KIND_DOC, Field.Store.NO));
    record.add(new StringField(DOC_ID, d.documentId(), Field.Store.YES));
    record.add(new StoredField(SOURCE, d.source()));
    record.add(new StoredField(TITLE, d.title()));
    record.add(new StoredField(HASH, d.contentHash()));
    record.add(new StoredField(VERSION, d.version()));
    record.add(new StoredField(CHUNKS, d.chunks().size()));
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
    return new Chunk(
        doc.get(DOC_ID),
        doc.get(SOURCE),
        doc.getField(ORDINAL).numericValue().intValue(),
        doc.get(TEXT),
        loc);
  }

  static DocumentRecord toRecord(Document doc) {
    return new DocumentRecord(
        doc.get(DOC_ID),
        doc.get(SOURCE),
        doc.get(TITLE),
        doc.get(HASH),
        doc.getField(VERSION).numericValue().longValue(),
        doc.getField(CHUNKS).numericValue().intValue());
  }
}
