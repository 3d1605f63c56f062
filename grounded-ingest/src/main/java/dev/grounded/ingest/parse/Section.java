package dev.grounded.ingest.parse;

import java.util.List;

/**
 * A run of a document's text, {@code [start, end)}, under one heading path on one page.
 *
 * @param headings the heading path, outermost first; empty when the run precedes every heading
 * @param page 1-based page number, or 0 when the format has no pages
 * @param start offset of the first character in {@link ParsedDocument#text()}
 * @param end offset just past the last character
 */
public record Section(List<String> headings, int page, int start, int end) {
  public Section {
    headings = List.copyOf(headings);
    if (page < 0) throw new IllegalArgumentException("page must be >= 0: " + page);
    if (start < 0 || end < start)
      throw new IllegalArgumentException("bad range [" + start + ", " + end + ")");
  }

  public int length() {
    return end - start;
  }
}
