package dev.grounded.eval.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grounded.core.GroundedException;
import dev.grounded.eval.EvalFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads human labels, JSONL: {@code {"id", <fields>..., "label"}}. Every field the rubric shows
 * must be present and every label on its scale; errors name the file and line.
 */
public final class LabelsFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LabelsFile() {}

  public static List<Calibration.Labelled> read(Path file, Rubric rubric) {
    List<Calibration.Labelled> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    EvalFiles.forEachJsonLine(
        file,
        EvalFiles.read(file, "labels"),
        "labels",
        (node, n) -> out.add(labelled(file, rubric, ids, node, n)));
    if (out.isEmpty()) throw GroundedException.invalid("labels", file + ": no labelled items");
    return out;
  }

  private static Calibration.Labelled labelled(
      Path file, Rubric rubric, Set<String> ids, JsonNode node, int n) {
    String id = node.path("id").asText("line-" + n);
    if (!ids.add(id)) throw error(file, n, "duplicate id '" + id + "'");
    JsonNode label = node.get("label");
    if (label == null || label.isNull() || label.isContainerNode())
      throw error(file, n, "\"label\" is missing");
    if (!rubric.scale().contains(label.asText()))
      throw error(file, n, "label '" + label.asText() + "' is not on the scale " + rubric.scale());
    Map<String, String> fields = new LinkedHashMap<>();
    for (String f : rubric.fields()) {
      JsonNode v = node.get(f);
      if (v == null || v.isNull()) throw error(file, n, "field \"" + f + "\" is missing");
      fields.put(f, v.isTextual() ? v.asText() : v.toString());
    }
    return new Calibration.Labelled(id, fields, label.asText());
  }

  private static GroundedException error(Path file, int line, String message) {
    return GroundedException.invalid("labels", file + ":" + line + ": " + message);
  }
}
