package dev.grounded.eval.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.client.ChatModel;
import dev.grounded.gateway.registry.PromptTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Puts items to a model under a rubric. The prompt states the criteria and the scale, shows the
 * anchored examples as earlier turns, then the item; the reply must be a JSON object valid under
 * the rubric's output schema whose {@code label} is on the scale. A reply that is not gets one
 * repair round (the errors are sent back); a second failure is an {@code upstream_error}.
 * Thread-safe.
 */
public final class Judge {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SchemaRegistry SCHEMAS =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  /** A judge's verdict: the label on the rubric's scale, its reason, the raw JSON, calls made. */
  public record Verdict(String label, String reason, JsonNode raw, int attempts) {}

  private final Rubric rubric;
  private final ChatModel model;
  private final double temperature;
  private final Schema schema;
  private final JudgePrompt prompt;

  /** A judge asking {@code model} (through the gateway) at {@code temperature}. */
  public Judge(Rubric rubric, ChatModel model, double temperature) {
    this(rubric, model, temperature, JudgePrompt.shipped());
  }

  /** As above, with a version of the {@value JudgePrompt#NAME} instructions from the registry. */
  public Judge(Rubric rubric, ChatModel model, double temperature, JudgePrompt prompt) {
    this.prompt = Objects.requireNonNull(prompt, "prompt");
    this.rubric = Objects.requireNonNull(rubric, "rubric");
    this.model = Objects.requireNonNull(model, "model");
    this.temperature = temperature;
    this.schema = SCHEMAS.getSchema(rubric.outputSchema());
  }

  public Rubric rubric() {
    return rubric;
  }

  public Verdict judge(Map<String, String> item) {
    List<ChatModel.Message> messages = new ArrayList<>();
    for (PromptTemplate.Message m : instructions())
      messages.add(new ChatModel.Message(m.role(), m.content()));
    for (Rubric.Anchor a : rubric.anchors()) {
      messages.add(new ChatModel.Message("user", show(a.item())));
      messages.add(
          new ChatModel.Message(
              "assistant",
              JSON.createObjectNode()
                  .put("label", a.label())
                  .put("reason", a.reason())
                  .toString()));
    }
    messages.add(new ChatModel.Message("user", show(item)));
    String problem = null;
    for (int attempt = 1; attempt <= 2; attempt++) {
      String reply =
          model
              .complete(messages, new ChatModel.Options(temperature, rubric.outputSchema()))
              .text();
      JsonNode verdict = null;
      try {
        verdict = JSON.readTree(stripFences(reply));
        problem = problems(verdict);
      } catch (Exception e) {
        problem = "not a JSON object: " + e.getMessage();
      }
      if (problem == null)
        return new Verdict(
            verdict.path("label").asText(), verdict.path("reason").asText(""), verdict, attempt);
      messages.add(new ChatModel.Message("assistant", reply));
      messages.add(
          new ChatModel.Message(
              "user",
              "That reply is not valid: "
                  + problem
                  + ". Reply again with only the JSON object the schema describes."));
    }
    throw new GroundedException(
        ErrorCode.UPSTREAM_ERROR,
        "judge '"
            + rubric.name()
            + "' (model "
            + model.model()
            + ") gave no valid verdict: "
            + problem);
  }

  /** Null when the verdict is valid; else what is wrong with it. */
  String problems(JsonNode verdict) {
    if (verdict == null || !verdict.isObject()) return "the reply is not a JSON object";
    var errors = schema.validate(verdict);
    if (!errors.isEmpty())
      return String.join("; ", errors.stream().map(e -> e.getMessage()).toList());
    String label = verdict.path("label").asText(null);
    if (label == null || !rubric.scale().contains(label))
      return "label " + verdict.path("label") + " is not one of " + rubric.scale();
    return null;
  }

  /** The prompt's messages filled from the rubric (the shipped one: the system message). */
  private List<PromptTemplate.Message> instructions() {
    StringBuilder criteria = new StringBuilder();
    for (String c : rubric.criteria()) criteria.append("- ").append(c).append('\n');
    return prompt
        .template()
        .render(
            prompt.ref(),
            Map.of(
                "criteria", criteria.toString(),
                "scale", String.join(", ", rubric.scale()),
                "schema", rubric.outputSchema().toString()));
  }

  /** The registry version of the instructions, {@code grounded.judge@N}. */
  public String promptRef() {
    return prompt.ref();
  }

  private String show(Map<String, String> item) {
    StringBuilder b = new StringBuilder();
    for (String f : rubric.fields()) {
      String v = item.get(f);
      if (v == null)
        throw GroundedException.invalid(
            "item", "the item has no field '" + f + "' the rubric shows");
      b.append("### ").append(f).append('\n').append(v).append("\n\n");
    }
    return b.toString().strip();
  }

  /** Models often wrap JSON in a Markdown code fence. */
  static String stripFences(String reply) {
    String t = reply.strip();
    if (t.startsWith("```")) {
      int nl = t.indexOf('\n');
      int end = t.lastIndexOf("```");
      if (nl > 0 && end > nl) return t.substring(nl + 1, end).strip();
    }
    return t;
  }
}
