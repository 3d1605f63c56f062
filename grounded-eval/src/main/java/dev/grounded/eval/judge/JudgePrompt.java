package dev.grounded.eval.judge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.gateway.registry.BuiltInPrompt;
import dev.grounded.gateway.registry.PromptTemplate;
import java.util.Objects;
import java.util.Set;

/**
 * The judges' instructions as a versioned registry prompt, {@value #NAME}: the system message of
 * every {@link Judge}, filled from its rubric ({@code {{criteria}}}: one {@code - criterion} line
 * each; {@code {{scale}}}: the labels, worst first; {@code {{schema}}}: the output JSON schema).
 * Version 1 is the shipped text; a new version must use all three. The anchors, the item and the
 * repair turn stay as the judge builds them.
 *
 * @param template the version's messages (the first is the system message)
 * @param ref {@code grounded.judge@N}
 */
public record JudgePrompt(PromptTemplate template, String ref) {
  /** The registry name of the judges' instructions. */
  public static final String NAME = "grounded.judge";

  public JudgePrompt {
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(ref, "ref");
  }

  private static final String INSTRUCTIONS =
      """
      You are a careful, impartial grader. Grade the item by these criteria:
      {{criteria}}
      Labels, from worst to best: {{scale}}

      Reply with only a JSON object, no prose around it, valid under this JSON schema:
      {{schema}}
      Put the label in "label" and a one-sentence justification in "reason".""";

  /** The shipped instructions, to register as the built-in version 1. */
  public static BuiltInPrompt builtIn() {
    ObjectNode body = new ObjectMapper().createObjectNode();
    body.putArray("messages").addObject().put("role", "system").put("content", INSTRUCTIONS);
    return new BuiltInPrompt(NAME, body, Set.of("criteria", "scale", "schema"));
  }

  /** The shipped instructions, when no registry is used. */
  public static JudgePrompt shipped() {
    return new JudgePrompt(builtIn().template(), NAME + "@1");
  }
}
