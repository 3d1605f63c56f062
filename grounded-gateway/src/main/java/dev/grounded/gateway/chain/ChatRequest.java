package dev.grounded.gateway.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.GroundedException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * A chat completion request as it travels the chain: the caller's OpenAI {@code
 * /v1/chat/completions} JSON, kept whole so nothing a provider needs is lost (tool calls,
 * multimodal content parts, {@code response_format}, vendor fields), plus who asked and by when it
 * must be done. Immutable: the body is copied in and out; interceptors change a request with the
 * {@code with…} methods.
 *
 * @param body the request JSON; must have a string {@code model} and a non-empty array {@code
 *     messages}; {@code temperature}, {@code max_tokens}, {@code stream}, {@code tools} and {@code
 *     response_format}, when present, must have their OpenAI types
 * @param metadata tenant, key, user and request id
 * @param deadline when the whole call, retries included, must be over
 * @param targets where the router sent it, in the order to try (the first, then fallbacks); empty
 *     before routing and when the gateway has a single provider. The fallback stage hands each
 *     attempt on with a single target, which the provider stage sends to
 * @throws GroundedException {@code invalid_request} naming the offending field
 */
public record ChatRequest(
    ObjectNode body, RequestMetadata metadata, Deadline deadline, List<Target> targets) {
  public ChatRequest {
    body = OwnedJson.of(Objects.requireNonNull(body, "body"));
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(deadline, "deadline");
    targets = List.copyOf(Objects.requireNonNull(targets, "targets"));
    validate(body);
  }

  /** A request not routed yet. */
  public ChatRequest(ObjectNode body, RequestMetadata metadata, Deadline deadline) {
    this(body, metadata, deadline, List.of());
  }

  /** A copy of the request JSON. */
  @Override
  public ObjectNode body() {
    return body.deepCopy();
  }

  /** The request JSON as compact text (what a provider sends upstream), without copying it. */
  public String json() {
    return body.toString();
  }

  public String model() {
    return body.get("model").asText();
  }

  /** A copy of the messages, content parts and tool calls included. */
  public JsonNode messages() {
    return body.get("messages").deepCopy();
  }

  public Optional<JsonNode> tools() {
    return field("tools");
  }

  public Optional<JsonNode> responseFormat() {
    return field("response_format");
  }

  public OptionalDouble temperature() {
    JsonNode t = body.get("temperature");
    return t == null || t.isNull() ? OptionalDouble.empty() : OptionalDouble.of(t.asDouble());
  }

  /** {@code max_completion_tokens}, else {@code max_tokens}. */
  public OptionalInt maxTokens() {
    for (String name : new String[] {"max_completion_tokens", "max_tokens"}) {
      JsonNode n = body.get(name);
      if (n != null && !n.isNull()) return OptionalInt.of(n.asInt());
    }
    return OptionalInt.empty();
  }

  public boolean stream() {
    return body.path("stream").asBoolean(false);
  }

  /** The same request for another model (what a router does). */
  public ChatRequest withModel(String model) {
    ObjectNode copy = OwnedJson.copy(body);
    copy.put("model", Objects.requireNonNull(model, "model"));
    return new ChatRequest(copy, metadata, deadline, targets);
  }

  public ChatRequest withBody(ObjectNode newBody) {
    return new ChatRequest(newBody, metadata, deadline, targets);
  }

  public ChatRequest withDeadline(Deadline newDeadline) {
    return new ChatRequest(body, metadata, newDeadline, targets);
  }

  /** The same request routed to {@code newTargets} (what a router and the fallback stage do). */
  public ChatRequest withTargets(List<Target> newTargets) {
    return new ChatRequest(body, metadata, deadline, newTargets);
  }

  private Optional<JsonNode> field(String name) {
    JsonNode n = body.get(name);
    return n == null || n.isNull() ? Optional.empty() : Optional.of(n.deepCopy());
  }

  private static void validate(ObjectNode body) {
    JsonNode model = body.get("model");
    if (model == null || !model.isTextual() || model.asText().isBlank())
      throw GroundedException.invalid("model", "model must be a non-empty string");
    JsonNode messages = body.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty())
      throw GroundedException.invalid("messages", "messages must be a non-empty array");
    for (JsonNode m : messages)
      if (!m.isObject() || !m.path("role").isTextual())
        throw GroundedException.invalid("messages", "every message must be an object with a role");
    JsonNode t = body.get("temperature");
    if (t != null && !t.isNull() && (!t.isNumber() || t.asDouble() < 0 || t.asDouble() > 2))
      throw GroundedException.invalid("temperature", "temperature must be a number from 0 to 2");
    for (String name : new String[] {"max_tokens", "max_completion_tokens"}) {
      JsonNode n = body.get(name);
      if (n != null
          && !n.isNull()
          && (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 1))
        throw GroundedException.invalid(name, name + " must be a positive integer");
    }
    JsonNode s = body.get("stream");
    if (s != null && !s.isNull() && !s.isBoolean())
      throw GroundedException.invalid("stream", "stream must be true or false");
    JsonNode tools = body.get("tools");
    if (tools != null && !tools.isNull() && !tools.isArray())
      throw GroundedException.invalid("tools", "tools must be an array");
    JsonNode format = body.get("response_format");
    if (format != null && !format.isNull() && !format.isObject())
      throw GroundedException.invalid("response_format", "response_format must be an object");
  }
}
