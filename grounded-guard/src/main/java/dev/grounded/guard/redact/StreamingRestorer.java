package dev.grounded.guard.redact;

/**
 * Restores a response streamed in chunks: {@link #feed} returns what can be shown so far, holding
 * back a tail that could be the start of a placeholder cut between chunks ({@code "...call <EMA"});
 * {@link #finish} returns the rest. The concatenated outputs equal {@link Pseudonymized#restore} of
 * the whole response. One per stream, not thread-safe.
 */
public final class StreamingRestorer {
  private final Pseudonymized mapping;
  private final int longest;
  private final StringBuilder pending = new StringBuilder();

  StreamingRestorer(Pseudonymized mapping) {
    this.mapping = mapping;
    this.longest = mapping.longestPlaceholder();
  }

  /** The restored text that is safe to emit after {@code chunk}; possibly empty. */
  public String feed(String chunk) {
    pending.append(chunk);
    int hold = heldFrom();
    String ready = pending.substring(0, hold);
    pending.delete(0, hold);
    return mapping.restore(ready);
  }

  /** Everything still held back, restored; the stream has ended. */
  public String finish() {
    String rest = pending.toString();
    pending.setLength(0);
    return mapping.restore(rest);
  }

  /**
   * Where the held-back tail starts: the last {@code <} whose tail could still grow into a
   * placeholder.
   */
  private int heldFrom() {
    int lt = pending.lastIndexOf("<");
    if (lt < 0 || longest == 0) return pending.length();
    int len = pending.length() - lt;
    if (len >= longest) return pending.length();
    for (int i = lt + 1; i < pending.length(); i++) {
      char c = pending.charAt(i);
      boolean ok =
          i == lt + 1
              ? c >= 'A' && c <= 'Z'
              : c >= 'A' && c <= 'Z' || c == '_' || c >= '0' && c <= '9';
      if (!ok) return pending.length();
    }
    return lt;
  }
}
