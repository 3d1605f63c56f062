package dev.grounded.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grounded.core.GroundedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reading the input files of the eval commands (data sets, labels, rubrics, reports) with one kind
 * of error: a {@link GroundedException} naming the option ({@code param}), the file and, for JSONL,
 * the line.
 */
public final class EvalFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EvalFiles() {}

  /** A JSONL line's object and its 1-based line number. */
  @FunctionalInterface
  public interface JsonLine {
    void accept(JsonNode object, int line);
  }

  /** The whole file as text. */
  public static String read(Path file, String param) {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw GroundedException.invalid(param, file + ": no such file");
    } catch (IOException e) {
      throw GroundedException.invalid(param, file + ": cannot read: " + e.getMessage());
    }
  }

  /**
   * Each non-blank line of {@code text} (read from {@code file}) as a JSON object; a line that is
   * not valid JSON or not an object is an error naming its number.
   */
  public static void forEachJsonLine(Path file, String text, String param, JsonLine action) {
    String[] lines = text.split("\r?\n");
    for (int n = 1; n <= lines.length; n++) {
      if (lines[n - 1].isBlank()) continue;
      JsonNode node;
      try {
        node = JSON.readTree(lines[n - 1]);
      } catch (JsonProcessingException e) {
        throw GroundedException.invalid(
            param, file + ":" + n + ": not valid JSON: " + e.getOriginalMessage());
      }
      if (node == null || !node.isObject())
        throw GroundedException.invalid(param, file + ":" + n + ": a line must be a JSON object");
      action.accept(node, n);
    }
  }
}
