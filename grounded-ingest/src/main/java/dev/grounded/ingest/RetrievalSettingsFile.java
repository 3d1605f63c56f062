package dev.grounded.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.index.ReciprocalRankFusion;
import dev.grounded.index.RetrievalSettings;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

/**
 * A collection's retrieval settings as JSON beside its index: {@code {"fusion": "rrf", "k": 10,
 * "dense_weight": 0.65, "depth": 50}} (a file without {@code dense_weight}, written before RRF had
 * weights, means 0.5: the unweighted method it was tuned with), {@code {"fusion": "linear",
 * "dense_weight": 0.7, "depth": 50, "rerank_depth": 20}} or {@code {"fusion": "zscore",
 * "dense_weight": 0.7, "depth": 50, "tuned": "label-free"}} ({@code tuned}, how the setting was
 * chosen, is optional and only informs). A collection without the file searches with {@link
 * RetrievalSettings#DEFAULTS}; a saved file keeps its meaning when the defaults change. Written to
 * a temporary file and moved into place, so a crash leaves the old file or the new one.
 */
final class RetrievalSettingsFile {
  static final String NAME = "retrieval.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private RetrievalSettingsFile() {}

  static RetrievalSettings read(Path file) {
    JsonNode n = readTree(file);
    if (n == null) return RetrievalSettings.DEFAULTS;
    try {
      int depth = n.path("depth").asInt(RetrievalSettings.DEFAULTS.depth());
      int rerankDepth = n.path("rerank_depth").asInt(0);
      RetrievalSettings fusion =
          switch (n.path("fusion").asText("rrf").toLowerCase(Locale.ROOT)) {
            case "rrf" ->
                RetrievalSettings.rrf(
                    n.path("k").asInt(ReciprocalRankFusion.DEFAULT_K),
                    n.path("dense_weight").asDouble(0.5),
                    depth);
            case "linear" -> RetrievalSettings.linear(n.path("dense_weight").asDouble(0.5), depth);
            case "zscore" ->
                RetrievalSettings.zscore(
                    n.path("dense_weight").asDouble(RetrievalSettings.DEFAULT_DENSE_WEIGHT), depth);
            default ->
                throw new IllegalArgumentException(
                    "unknown fusion '" + n.path("fusion").asText() + "'");
          };
      return fusion.withRerankDepth(rerankDepth);
    } catch (IllegalArgumentException e) {
      throw new GroundedException(
          ErrorCode.STORAGE_ERROR, file + ": invalid retrieval settings: " + e.getMessage());
    }
  }

  /** How the saved settings were chosen, when the file says. */
  static Optional<String> tuned(Path file) {
    JsonNode n = readTree(file);
    return n == null || !n.path("tuned").isTextual() || n.path("tuned").asText().isBlank()
        ? Optional.empty()
        : Optional.of(n.path("tuned").asText());
  }

  /** The file's JSON, null when there is no file. */
  private static JsonNode readTree(Path file) {
    try {
      return JSON.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new GroundedException(
          ErrorCode.STORAGE_ERROR, file + ": unreadable retrieval settings: " + e.getMessage());
    }
  }

  static void write(Path file, RetrievalSettings s, String tuned) {
    ObjectNode n = JSON.createObjectNode();
    n.put("fusion", s.method().name().toLowerCase(Locale.ROOT));
    if (s.method() == RetrievalSettings.Method.RRF) n.put("k", s.rrfK());
    n.put("dense_weight", s.denseWeight());
    n.put("depth", s.depth());
    if (s.rerankDepth() > 0) n.put("rerank_depth", s.rerankDepth());
    if (!tuned.isBlank()) n.put("tuned", tuned);
    Path tmp = file.resolveSibling(NAME + ".tmp");
    try {
      dev.grounded.core.PrivateFiles.directory(file.getParent());
      Files.writeString(tmp, n.toPrettyString() + "\n");
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new GroundedException(
          ErrorCode.STORAGE_ERROR, file + ": cannot save retrieval settings: " + e.getMessage());
    }
  }
}
