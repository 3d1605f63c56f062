package dev.grounded.guard.pii;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grounded.guard.Finding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Precision and recall per type of findings against labelled character spans. A labelled span is
 * found when a finding of the same (scored) type overlaps it by at least one character; a finding
 * is correct when it overlaps a labelled span of its type. Overlap rather than exact offsets
 * because data sets disagree on boundaries (a phone's "+", an address's apartment line) and a
 * redaction that covers any of a value still hides most of it; a finding covering two labelled
 * spans finds both.
 */
public final class SpanScores {
  /** A labelled span: our type (e.g. {@code pii.email}) and its characters. */
  public record Span(String type, int start, int end) {}

  /** A text and its labelled spans. */
  public record Labelled(String text, List<Span> spans) {
    public Labelled {
      spans = List.copyOf(spans);
    }
  }

  /**
   * How data set labels map to our types; unlisted labels (dates, organisations...) are not ours.
   */
  public static final Map<String, String> PRESIDIO_TYPES =
      Map.of(
          "EMAIL_ADDRESS", "pii.email",
          "PHONE_NUMBER", "pii.phone",
          "CREDIT_CARD", "pii.card",
          "IBAN_CODE", "pii.iban",
          "IP_ADDRESS", "pii.ip",
          "US_SSN", "pii.ssn",
          "PERSON", "pii.person",
          "STREET_ADDRESS", "pii.address");

  private final Function<String, String> key;
  private final boolean exact;
  private final Map<String, int[]> counts = new TreeMap<>(); // correct, predicted, found, labelled

  /**
   * @param key the scored type of a finding or span type (identity, or a family for a summary)
   */
  public SpanScores(Function<String, String> key) {
    this(key, false);
  }

  /**
   * @param exact when true a finding must have the labelled span's exact offsets (surrounding
   *     whitespace and punctuation trimmed from both), a stricter measure of boundaries
   */
  public SpanScores(Function<String, String> key, boolean exact) {
    this.key = key;
    this.exact = exact;
  }

  /** Whether findings and labels must match exactly (else any overlap). */
  public boolean exact() {
    return exact;
  }

  public void add(String text, List<Span> gold, List<Finding> found) {
    for (Span g : gold) {
      int[] c = counts.computeIfAbsent(key.apply(g.type()), k -> new int[4]);
      c[3]++;
      for (Finding f : found)
        if (key.apply(f.type()).equals(key.apply(g.type())) && matches(text, f, g)) {
          c[2]++;
          break;
        }
    }
    for (Finding f : found) {
      int[] c = counts.computeIfAbsent(key.apply(f.type()), k -> new int[4]);
      c[1]++;
      for (Span g : gold)
        if (key.apply(f.type()).equals(key.apply(g.type())) && matches(text, f, g)) {
          c[0]++;
          break;
        }
    }
  }

  private boolean matches(String text, Finding f, Span g) {
    if (!exact) return f.start() < g.end() && g.start() < f.end();
    return trimmed(text, f.start(), f.end()).equals(trimmed(text, g.start(), g.end()));
  }

  private static String trimmed(String text, int start, int end) {
    while (start < end && " \t\n.,;:()\"'".indexOf(text.charAt(start)) >= 0) start++;
    while (end > start && " \t\n.,;:()\"'".indexOf(text.charAt(end - 1)) >= 0) end--;
    return start + ":" + end;
  }

  public List<String> types() {
    return List.copyOf(counts.keySet());
  }

  /** Correct findings / findings of this type (1 when there were none). */
  public double precision(String type) {
    int[] c = counts.getOrDefault(type, new int[4]);
    return c[1] == 0 ? 1 : (double) c[0] / c[1];
  }

  /** Labelled spans found / labelled spans of this type (NaN when there were none). */
  public double recall(String type) {
    int[] c = counts.getOrDefault(type, new int[4]);
    return c[3] == 0 ? Double.NaN : (double) c[2] / c[3];
  }

  public int support(String type) {
    return counts.getOrDefault(type, new int[4])[3];
  }

  public int predicted(String type) {
    return counts.getOrDefault(type, new int[4])[1];
  }

  /** A markdown table: type, precision, recall, labelled spans, findings. */
  public String table() {
    StringBuilder b = new StringBuilder("| type | precision | recall | support | found |\n");
    b.append("|---|---:|---:|---:|---:|\n");
    for (String t : counts.keySet())
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %.3f | %s | %d | %d |%n",
              t,
              precision(t),
              support(t) == 0 ? "-" : String.format(Locale.ROOT, "%.3f", recall(t)),
              support(t),
              predicted(t)));
    return b.toString();
  }

  /** The presidio-research synthetic set: {@code full_text} and {@code spans} with our types. */
  public static List<Labelled> readPresidio(Path json) {
    try {
      List<Labelled> out = new ArrayList<>();
      for (JsonNode row : new ObjectMapper().readTree(json.toFile())) {
        List<Span> spans = new ArrayList<>();
        for (JsonNode s : row.get("spans")) {
          String type = PRESIDIO_TYPES.get(s.get("entity_type").asText());
          if (type != null)
            spans.add(
                new Span(type, s.get("start_position").asInt(), s.get("end_position").asInt()));
        }
        out.add(new Labelled(row.get("full_text").asText(), spans));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
