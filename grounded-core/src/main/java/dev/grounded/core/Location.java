package dev.grounded.core;

import java.util.List;

/**
 * Where a chunk sits in its source: page (1-based, 0 when the format has no pages), the heading
 * path of its section, and the character range {@code [start, end)} in the document's extracted
 * text.
 */
public record Location(int page, List<String> headings, int start, int end) {
  public Location {
    headings = List.copyOf(headings);
    if (page < 0) throw new IllegalArgumentException("page must be >= 0: " + page);
    if (start < 0 || end < start)
      throw new IllegalArgumentException("bad range [" + start + ", " + end + ")");
  }

  /** A short human form such as {@code p. 3 · Methods > Sampling}. */
  public String display() {
    StringBuilder sb = new StringBuilder();
    if (page > 0) sb.append("p. ").append(page);
    if (!headings.isEmpty()) {
      if (!sb.isEmpty()) sb.append(" · ");
      sb.append(String.join(" > ", headings));
    }
    if (sb.isEmpty()) sb.append("chars ").append(start).append('-').append(end);
    return sb.toString();
  }
}
