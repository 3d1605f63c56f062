package dev.grounded.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.core.GroundedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The questions of two {@code eval answers} reports (a cheap and a strong model on the same
 * questions), paired by id with whether each model got it right. A question is right when an
 * answerable one was answered with the gold answer in it, or an unanswerable one was declined.
 *
 * @param skipped questions left out because either run had an upstream error on them
 */
record RoutePairs(List<Pair> pairs, int skipped) {
  /** One question and how the two models did. */
  record Pair(String id, String question, boolean cheapRight, boolean strongRight) {
    /** Labelled strong when only the strong model gets it right (else the cheap one will do). */
    boolean needsStrong() {
      return !cheapRight && strongRight;
    }

    /** Whether it is held out of training: a hash of the id, so the split is stable. */
    boolean heldOut(double share) {
      try {
        byte[] h = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
        int bucket = ((h[0] & 0xff) << 8 | (h[1] & 0xff)) % 10_000;
        return bucket < Math.round(share * 10_000);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  RoutePairs {
    pairs = List.copyOf(pairs);
  }

  /**
   * Pairs the reports' items by id.
   *
   * @throws GroundedException {@code invalid_request} for a file that is not an answers report, or
   *     reports of different questions (an id in one only, or the same id with another question)
   */
  static RoutePairs read(Path cheapFile, Path strongFile) {
    Map<String, JsonNode> cheap = items(cheapFile, "cheap");
    Map<String, JsonNode> strong = items(strongFile, "strong");
    for (String id : cheap.keySet())
      if (!strong.containsKey(id))
        throw mismatch(cheapFile, strongFile, "question '" + id + "' is only in " + cheapFile);
    for (String id : strong.keySet())
      if (!cheap.containsKey(id))
        throw mismatch(cheapFile, strongFile, "question '" + id + "' is only in " + strongFile);
    List<Pair> pairs = new ArrayList<>();
    int skipped = 0;
    for (var e : cheap.entrySet()) {
      JsonNode c = e.getValue();
      JsonNode s = strong.get(e.getKey());
      String question = c.path("question").asText();
      if (!question.equals(s.path("question").asText()))
        throw mismatch(
            cheapFile,
            strongFile,
            "question '"
                + e.getKey()
                + "' reads differently (\""
                + question
                + "\" vs \""
                + s.path("question").asText()
                + "\")");
      if (c.has("error") || s.has("error")) {
        skipped++;
        continue;
      }
      pairs.add(new Pair(e.getKey(), question, right(c), right(s)));
    }
    return new RoutePairs(pairs, skipped);
  }

  static boolean right(JsonNode item) {
    boolean abstained = item.path("abstained").asBoolean();
    if (!item.path("answerable").asBoolean(true)) return abstained;
    return !abstained && item.path("scores").path("gold_in_answer").asDouble(0) > 0;
  }

  private static Map<String, JsonNode> items(Path file, String option) {
    JsonNode report;
    try {
      report = Json.MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw GroundedException.invalid(option, file + ": not readable JSON: " + e.getMessage());
    }
    if (report == null || !"answers".equals(report.path("kind").asText()))
      throw GroundedException.invalid(
          option, file + ": not an 'eval answers --json' report (kind answers)");
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    for (JsonNode item : report.path("items"))
      if (byId.put(item.path("id").asText(), item) != null)
        throw GroundedException.invalid(
            option, file + ": question id '" + item.path("id").asText() + "' appears twice");
    if (byId.isEmpty()) throw GroundedException.invalid(option, file + ": the report has no items");
    return byId;
  }

  private static GroundedException mismatch(Path cheap, Path strong, String why) {
    return GroundedException.invalid(
        "strong",
        "the reports are not of the same questions, so they cannot label them: "
            + why
            + " (run 'eval answers' with the same --dataset and --limit for both)");
  }
}
