package dev.grounded.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.Answer;
import dev.grounded.core.Chunk;
import dev.grounded.core.Citation;
import dev.grounded.core.Hit;
import dev.grounded.core.Location;
import dev.grounded.ingest.ManifestEntry;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of the server's values: citations, hits, documents. One place, one spelling; the
 * CLI prints the API's bodies through the public ones.
 */
public final class Views {
  private Views() {}

  static ObjectNode location(Location loc) {
    ObjectNode o = Json.object();
    if (loc.page() > 0) o.put("page", loc.page());
    ArrayNode headings = o.putArray("headings");
    loc.headings().forEach(headings::add);
    o.put("start", loc.start());
    o.put("end", loc.end());
    o.put("display", loc.display());
    return o;
  }

  static ObjectNode citation(Citation c) {
    ObjectNode o = Json.object();
    o.put("n", c.n());
    chunkFields(o, c.chunk());
    o.put("quote", c.quote());
    o.put("quote_start", c.start());
    o.put("quote_end", c.end());
    o.put("score", round(c.score()));
    return o;
  }

  static ArrayNode citations(List<Citation> citations) {
    ArrayNode a = Json.MAPPER.createArrayNode();
    citations.forEach(c -> a.add(citation(c)));
    return a;
  }

  /**
   * {@code {"citations": [...], "abstained": bool, "withheld": [...], "provenance": {...}}}: the
   * {@code grounded} extension object (withheld and provenance only when there are some).
   */
  static ObjectNode grounding(Answering.Answered answered) {
    Answer answer = answered.answer();
    ObjectNode o = Json.object();
    o.set("citations", citations(answer.citations()));
    o.put("abstained", answer.abstained());
    if (!answer.withheld().isEmpty()) o.set("withheld", withheld(answer.withheld()));
    if (answered.provenance() != null) o.set("provenance", answered.provenance());
    if (!answered.stale().isEmpty()) o.set("stale_sources", stale(answered.stale()));
    return o;
  }

  /** Cited documents older than the collection's freshness limit. */
  static ArrayNode stale(List<dev.grounded.ingest.StaleSource> stale) {
    ArrayNode a = Json.MAPPER.createArrayNode();
    for (dev.grounded.ingest.StaleSource s : stale) {
      ObjectNode o = a.addObject();
      o.put("document", s.source());
      o.put("document_id", s.documentId());
      o.put("age_days", s.ageDays());
      o.put("freshness_days", s.limitDays());
      o.put("dated_by", s.datedBy());
    }
    return a;
  }

  /** The chunks the guardrails kept out of an answer: source, document, chunk, reasons. */
  static com.fasterxml.jackson.databind.node.ArrayNode withheld(
      List<dev.grounded.core.Withheld> chunks) {
    com.fasterxml.jackson.databind.node.ArrayNode a = Json.MAPPER.createArrayNode();
    for (dev.grounded.core.Withheld w : chunks) {
      ObjectNode o = a.addObject();
      o.put("document", w.source());
      o.put("document_id", w.documentId());
      o.put("chunk", w.ordinal());
      o.putPOJO("reasons", w.reasons());
    }
    return a;
  }

  static ObjectNode hit(int rank, Hit h) {
    ObjectNode o = Json.object();
    o.put("rank", rank);
    o.put("score", round(h.score()));
    chunkFields(o, h.chunk());
    o.put("text", h.chunk().text());
    return o;
  }

  private static void chunkFields(ObjectNode o, Chunk c) {
    o.put("document_id", c.documentId());
    o.put("source", c.source());
    o.put("chunk", c.ordinal());
    o.set("location", location(c.location()));
  }

  /** {@code {"object":"list","document":{...},"data":[{"chunk","location","text"}]}}. */
  static ObjectNode chunkList(ManifestEntry e, List<Chunk> chunks) {
    ObjectNode o = Json.object();
    o.put("object", "list");
    o.set("document", document(e));
    ArrayNode data = o.putArray("data");
    for (Chunk c : chunks) {
      ObjectNode d = data.addObject();
      d.put("chunk", c.ordinal());
      d.set("location", location(c.location()));
      d.put("text", c.text());
    }
    return o;
  }

  static ObjectNode document(ManifestEntry e) {
    ObjectNode o = Json.object();
    o.put("id", e.documentId());
    o.put("object", "document");
    o.put("source", e.source());
    o.put("title", e.title());
    o.put("version", e.version());
    o.put("chunks", e.chunks());
    o.put("content_hash", e.contentHash());
    ObjectNode meta = o.putObject("metadata");
    for (Map.Entry<String, String> m : e.metadata().entrySet()) meta.put(m.getKey(), m.getValue());
    o.put("ingested_at", e.ingestedAtMillis() / 1000);
    return o;
  }

  /**
   * A page of documents as {@code GET /api/collections/{c}/documents} answers it: {@code
   * {"object":"list","data","first_id","last_id","has_more"}}.
   */
  public static ObjectNode documentPage(List<ManifestEntry> page, boolean more) {
    ObjectNode o = Json.object();
    o.put("object", "list");
    ArrayNode data = o.putArray("data");
    page.forEach(e -> data.add(document(e)));
    if (page.isEmpty()) {
      o.putNull("first_id");
      o.putNull("last_id");
    } else {
      o.put("first_id", page.getFirst().documentId());
      o.put("last_id", page.getLast().documentId());
    }
    o.put("has_more", more);
    return o;
  }

  static ObjectNode deleted(String id, String object) {
    ObjectNode o = Json.object();
    o.put("id", id);
    o.put("object", object);
    o.put("deleted", true);
    return o;
  }

  static double round(double score) {
    return Math.round(score * 1e6) / 1e6;
  }
}
