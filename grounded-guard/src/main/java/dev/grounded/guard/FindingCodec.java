package dev.grounded.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Findings as compact text, to store with a chunk at ingest: one line per finding, fields
 * tab-separated ({@code type, start, end, score, severity, detector}); no findings is the empty
 * text.
 */
public final class FindingCodec {
  private FindingCodec() {}

  public static String encode(List<Finding> findings) {
    StringBuilder b = new StringBuilder();
    for (Finding f : findings) {
      if (f.detector().contains("\t") || f.detector().contains("\n"))
        throw new IllegalArgumentException("detector name with a tab or newline: " + f.detector());
      if (!b.isEmpty()) b.append('\n');
      b.append(f.type())
          .append('\t')
          .append(f.start())
          .append('\t')
          .append(f.end())
          .append('\t')
          .append(String.format(Locale.ROOT, "%.4f", f.score()))
          .append('\t')
          .append(f.severity().wireName())
          .append('\t')
          .append(f.detector());
    }
    return b.toString();
  }

  /** The findings {@link #encode} wrote; throws IllegalArgumentException on any other text. */
  public static List<Finding> decode(String text) {
    if (text.isEmpty()) return List.of();
    List<Finding> out = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      String[] f = line.split("\t", -1);
      if (f.length != 6) throw new IllegalArgumentException("not an encoded finding: " + line);
      out.add(
          new Finding(
              f[0],
              Integer.parseInt(f[1]),
              Integer.parseInt(f[2]),
              Double.parseDouble(f[3]),
              Severity.of(f[4]),
              f[5]));
    }
    return List.copyOf(out);
  }
}
