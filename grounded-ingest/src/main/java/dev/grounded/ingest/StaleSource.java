package dev.grounded.ingest;

import java.util.Objects;

/**
 * A cited document older than its collection's freshness limit ({@link
 * KnowledgeBase#staleSources}).
 *
 * @param datedBy what its age is counted from: {@code metadata.updated} or {@code metadata.date}
 *     (given at upload), else {@code ingested_at} (when this version was ingested)
 */
public record StaleSource(
    String documentId, String source, long ageDays, int limitDays, String datedBy) {
  public StaleSource {
    Objects.requireNonNull(documentId, "documentId");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(datedBy, "datedBy");
  }
}
