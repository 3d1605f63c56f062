package dev.grounded.guard.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the JSON a model wrote into valid JSON when the defects are the common ones (see {@link
 * Fix}). Text that already parses as one strict JSON value is returned exactly as it is, with no
 * fixes. Otherwise the value is read leniently from each place it could start (the first
 * non-blank character, every {@code {} and {@code [}, after a leading code fence), and the longest
 * value read wins; what lies around it is dropped as prose. Stateless and thread-safe.
 */
public final class JsonRepair {
  private static final JsonMapper STRICT =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
  private static final Pattern FENCE =
      Pattern.compile("```[A-Za-z0-9_+-]*[ \\t]*\\r?\\n?(.*?)(?:```|\\z)", Pattern.DOTALL);

  /** Start positions tried at most; models put a few brackets in prose, not hundreds. */
  private static final int MAX_STARTS = 64;

  /**
   * Valid JSON text and what was mended to get it.
   *
   * @param json one strict JSON value; the input itself when {@code fixes} is empty
   * @param fixes what was wrong; empty when the input was valid JSON
   */
  public record Repaired(String json, Set<Fix> fixes) {
    public Repaired {
      Objects.requireNonNull(json, "json");
      fixes = Set.copyOf(fixes);
    }

    /** Whether anything was mended. */
    public boolean changed() {
      return !fixes.isEmpty();
    }

    /** The value, parsed. */
    public JsonNode value() {
      return parse(json).orElseThrow();
    }
  }

  private JsonRepair() {}

  /** {@code text} as one strict JSON value (RFC 8259, nothing after it), or empty. */
  public static Optional<JsonNode> parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isBlank()) return Optional.empty();
    try {
      return Optional.of(STRICT.readTree(text));
    } catch (JacksonException e) {
      return Optional.empty();
    }
  }

  /** Valid JSON for {@code text}, or empty when no value could be read from it. */
  public static Optional<Repaired> repair(String text) {
    if (parse(text).isPresent()) return Optional.of(new Repaired(text, Set.of()));
    Set<Fix> fixes = EnumSet.noneOf(Fix.class);
    int from = 0;
    int to = text.length();
    Matcher fence = FENCE.matcher(text);
    int firstBracket = firstBracket(text, 0, to);
    if (fence.find() && (firstBracket < 0 || fence.start() < firstBracket)) {
      fixes.add(Fix.CODE_FENCE);
      from = fence.start(1);
      to = closingFence(text, from, fence.end(1));
      int after = Math.min(text.length(), to + 3);
      if (!text.substring(0, fence.start()).isBlank() || !text.substring(after).isBlank())
        fixes.add(Fix.SURROUNDING_TEXT);
    }
    LenientParser best = null;
    int bestStart = -1;
    int bestEnd = -1;
    int tried = 0;
    for (int start = firstValue(text, from, to);
        start >= 0 && tried < MAX_STARTS;
        start = firstBracket(text, Math.max(start + 1, bestEnd), to), tried++) {
      LenientParser p = new LenientParser(text, start, to);
      int end;
      try {
        end = p.parse();
      } catch (LenientParser.Fail e) {
        continue;
      }
      if (best == null || end - start > bestEnd - bestStart) {
        best = p;
        bestStart = start;
        bestEnd = end;
      }
    }
    if (best == null) return Optional.empty();
    boolean after = best.skip(); // trailing comments are fixes of their own, the rest is prose
    fixes.addAll(best.fixes());
    if (after || !text.substring(from, bestStart).isBlank()) fixes.add(Fix.SURROUNDING_TEXT);
    String json = best.json();
    return parse(json).isPresent() ? Optional.of(new Repaired(json, fixes)) : Optional.empty();
  }

  /**
   * Where the fenced JSON starting at {@code from} ends: at the first closing fence ({@code
   * first}), unless the JSON only parses up to a later one (a string value holding a fenced code
   * sample).
   */
  private static int closingFence(String text, int from, int first) {
    if (parse(text.substring(from, first)).isPresent()) return first;
    for (int i = text.indexOf("```", first + 3); i >= 0; i = text.indexOf("```", i + 3))
      if (parse(text.substring(from, i)).isPresent()) return i;
    return first;
  }

  /** The first non-blank position if a value could start there, else the first bracket. */
  private static int firstValue(String text, int from, int to) {
    int i = from;
    while (i < to && Character.isWhitespace(text.charAt(i))) i++;
    return i < to ? i : -1;
  }

  private static int firstBracket(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c == '{' || c == '[') return i;
    }
    return -1;
  }
}
