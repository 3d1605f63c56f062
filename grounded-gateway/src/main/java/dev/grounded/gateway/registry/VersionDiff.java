package dev.grounded.gateway.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.List;

/**
 * A line diff of two versions' definitions (pretty-printed JSON, keys sorted; a prompt's message
 * contents split at their line breaks), lines prefixed {@code " "} (both), {@code "- "} (only the
 * first) or {@code "+ "} (only the second), from a longest common subsequence.
 */
public final class VersionDiff {
  private static final ObjectMapper PRETTY =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private VersionDiff() {}

  /** The diff of {@code from} to {@code to}. */
  public static List<String> lines(Version from, Version to) {
    return diff(text(from), text(to));
  }

  static List<String> text(Version v) {
    try {
      Object tree = PRETTY.treeToValue(v.body(), Object.class); // maps sort their keys
      List<String> out = new ArrayList<>();
      for (String line : PRETTY.writeValueAsString(tree).split("\n", -1))
        for (String part : line.split("\\\\n", -1)) out.add(part);
      return out;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored body is JSON", e);
    }
  }

  static List<String> diff(List<String> a, List<String> b) {
    int n = a.size();
    int m = b.size();
    int[][] lcs = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--)
      for (int j = m - 1; j >= 0; j--)
        lcs[i][j] =
            a.get(i).equals(b.get(j))
                ? lcs[i + 1][j + 1] + 1
                : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    List<String> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a.get(i).equals(b.get(j))) {
        out.add("  " + a.get(i++));
        j++;
      } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) out.add("+ " + b.get(j++));
      else out.add("- " + a.get(i++));
    }
    return out;
  }
}
