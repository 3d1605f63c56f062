package dev.grounded.eval.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grounded.core.GroundedException;
import dev.grounded.eval.EvalFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads an evaluation report for a gate. The report JSON of {@code grounded eval} commands has
 * {@code "metrics": {name: number}} and optionally {@code "lower_is_better": [names]}; a retrieval
 * report's {@code "modes": {mode: {metric: number}}} is read as metrics named {@code mode.metric}.
 * Non-numeric values are skipped.
 */
public final class ReportFile {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ReportFile() {}

  /** Reads {@code file}; {@code param} names the option in errors. */
  public static Report read(Path file, String param) {
    JsonNode root;
    String text = EvalFiles.read(file, param);
    try {
      root = MAPPER.readTree(text);
    } catch (IOException e) {
      throw GroundedException.invalid(
          param, file + ": not a readable JSON report: " + e.getMessage());
    }
    return parse(root, file.toString(), param);
  }

  /** A report already parsed as JSON; {@code source} names it in errors. */
  public static Report parse(JsonNode root, String source, String param) {
    if (root == null || !root.isObject())
      throw GroundedException.invalid(param, source + ": a report is a JSON object");
    Map<String, Double> metrics = new LinkedHashMap<>();
    JsonNode m = root.get("metrics");
    if (m != null && m.isObject()) numbers(m, "", metrics);
    JsonNode modes = root.get("modes");
    if (m == null && modes != null && modes.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = modes.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getValue().isObject()) numbers(e.getValue(), e.getKey() + ".", metrics);
      }
    }
    if (metrics.isEmpty())
      throw GroundedException.invalid(
          param, source + ": no metrics in it (expected \"metrics\": {name: number})");
    Set<String> lower = new HashSet<>();
    JsonNode l = root.get("lower_is_better");
    if (l != null && l.isArray()) for (JsonNode n : l) if (n.isTextual()) lower.add(n.asText());
    // metrics from LLM judges: gateable only when the judge was calibrated and met its kappa floor
    Map<String, String> ungateable = new LinkedHashMap<>();
    JsonNode judges = root.get("judges");
    if (judges != null && judges.isObject())
      judges
          .fields()
          .forEachRemaining(
              e -> {
                JsonNode cal = e.getValue().path("calibration");
                if (cal.isMissingNode() || cal.isNull())
                  ungateable.put(
                      e.getKey(), "its judge has not been calibrated against human labels");
                else if (!cal.path("usable_for_gating").asBoolean(false))
                  ungateable.put(
                      e.getKey(),
                      "its judge's kappa "
                          + cal.path("kappa").asText("?")
                          + " is below its floor "
                          + cal.path("min_kappa").asText("?"));
              });
    JsonNode version = root.path("config").path("dataset_version");
    return new Report(
        source, metrics, lower, ungateable, version.isTextual() ? version.asText() : null);
  }

  private static void numbers(JsonNode object, String prefix, Map<String, Double> out) {
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isNumber()) out.put(prefix + e.getKey(), e.getValue().doubleValue());
    }
  }
}
