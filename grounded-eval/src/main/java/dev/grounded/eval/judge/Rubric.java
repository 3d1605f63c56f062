package dev.grounded.eval.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.grounded.core.GroundedException;
import dev.grounded.eval.EvalFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A grading rubric, read from YAML:
 *
 * <pre>
 * name: groundedness            # [A-Za-z0-9_.-]+
 * version: 1
 * criteria: [Every sentence of the answer is supported by the context., ...]
 * scale: [1, 2, 3, 4, 5]        # the labels, worst to best
 * ordinal: true                 # default: true when there are more than two labels
 * fields: [question, context, answer]   # what an item shows the judge
 * anchors:                      # anchored examples, shown to the judge
 *   - {item: {question: .., context: .., answer: ..}, label: 5, reason: ..}
 * output_schema: {...}          # JSON schema of a verdict; default {label: one of scale, reason}
 * min_kappa: 0.6                # a judge below this kappa against humans cannot gate
 * </pre>
 *
 * Labels are kept as strings ({@code 5} and {@code "5"} are the same label).
 */
public record Rubric(
    String name,
    String version,
    List<String> criteria,
    List<String> scale,
    boolean ordinal,
    List<String> fields,
    List<Anchor> anchors,
    JsonNode outputSchema,
    double minKappa) {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final ObjectMapper JSON = new ObjectMapper();
  public static final double DEFAULT_MIN_KAPPA = 0.6;

  /** An example item with the label a careful human gave it. */
  public record Anchor(Map<String, String> item, String label, String reason) {
    public Anchor {
      item = Map.copyOf(item);
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(reason, "reason");
    }
  }

  public Rubric {
    if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}"))
      throw new IllegalArgumentException("rubric name must match [A-Za-z0-9_.-]{1,64}: " + name);
    criteria = List.copyOf(criteria);
    scale = List.copyOf(scale);
    fields = List.copyOf(fields);
    anchors = List.copyOf(anchors);
    if (criteria.isEmpty()) throw new IllegalArgumentException("a rubric needs criteria");
    if (scale.size() < 2 || scale.stream().distinct().count() != scale.size())
      throw new IllegalArgumentException("scale needs at least two distinct labels: " + scale);
    if (fields.isEmpty()) throw new IllegalArgumentException("a rubric needs fields");
    for (Anchor a : anchors)
      if (!scale.contains(a.label()))
        throw new IllegalArgumentException("anchor label '" + a.label() + "' is not on the scale");
    Objects.requireNonNull(outputSchema, "outputSchema");
    if (!(minKappa >= -1 && minKappa <= 1))
      throw new IllegalArgumentException("min_kappa must be in [-1, 1]: " + minKappa);
  }

  /** Reads a rubric file; errors name the file and the field. */
  public static Rubric read(Path file) {
    JsonNode root;
    String text = EvalFiles.read(file, "judge");
    try {
      root = YAML.readTree(text);
    } catch (IOException e) {
      throw GroundedException.invalid("judge", file + ": not valid YAML: " + e.getMessage());
    }
    if (root == null || !root.isObject())
      throw GroundedException.invalid("judge", file + ": a rubric is a YAML mapping");
    try {
      List<String> scale = strings(root.path("scale"));
      JsonNode schema = root.get("output_schema");
      return new Rubric(
          root.path("name").asText(null),
          root.path("version").asText("1"),
          strings(root.path("criteria")),
          scale,
          root.path("ordinal").asBoolean(scale.size() > 2),
          root.has("fields")
              ? strings(root.path("fields"))
              : List.of("question", "context", "answer"),
          anchors(root.path("anchors")),
          schema == null || schema.isNull() ? defaultSchema(scale) : schema,
          root.path("min_kappa").asDouble(DEFAULT_MIN_KAPPA));
    } catch (IllegalArgumentException e) {
      throw GroundedException.invalid("judge", file + ": " + e.getMessage());
    }
  }

  /** {label: one of the scale, reason: string}, both required, nothing else. */
  static JsonNode defaultSchema(List<String> scale) {
    ObjectNode s = JSON.createObjectNode();
    s.put("type", "object");
    ObjectNode props = s.putObject("properties");
    ArrayNode labels = props.putObject("label").putArray("enum");
    for (String l : scale) {
      labels.add(l);
      if (l.matches("-?\\d+")) labels.add(Integer.parseInt(l));
    }
    props.putObject("reason").put("type", "string");
    s.putArray("required").add("label").add("reason");
    s.put("additionalProperties", false);
    return s;
  }

  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isArray()) for (JsonNode n : node) out.add(n.asText());
    else if (node.isTextual()) out.add(node.asText());
    return out;
  }

  private static List<Anchor> anchors(JsonNode node) {
    List<Anchor> out = new ArrayList<>();
    for (JsonNode a : node) {
      Map<String, String> item = new java.util.LinkedHashMap<>();
      a.path("item").fields().forEachRemaining(e -> item.put(e.getKey(), e.getValue().asText()));
      out.add(new Anchor(item, a.path("label").asText(), a.path("reason").asText("")));
    }
    return out;
  }
}
