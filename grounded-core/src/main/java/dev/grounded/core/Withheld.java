package dev.grounded.core;

import java.util.List;
import java.util.Objects;

/**
 * A retrieved chunk the guardrails kept out of an answer's context, named so the answer can say
 * which source it left out and why (provenance kept).
 *
 * @param source where the chunk's document came from (its path or URL)
 * @param documentId the document's id
 * @param ordinal the chunk's position in its document
 * @param reasons the finding types that withheld it, sorted ({@code injection})
 */
public record Withheld(String source, String documentId, int ordinal, List<String> reasons) {
  public Withheld {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(documentId, "documentId");
    reasons = List.copyOf(reasons);
  }
}
