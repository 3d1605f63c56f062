package dev.grounded.gateway.structured;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.guard.json.SchemaValidator;
import java.util.Optional;

/**
 * What a request's OpenAI {@code response_format} asks of the reply: a JSON object ({@code
 * json_object}) or a value matching a JSON Schema ({@code json_schema}). {@code text} and no format
 * ask nothing.
 *
 * @param objectOnly the reply must be a JSON object ({@code json_object})
 * @param schema the schema; empty for {@code json_object} and for a {@code json_schema} without one
 *     (then any JSON value is accepted)
 */
record ResponseFormat(boolean objectOnly, Optional<JsonNode> schema) {
  static final String PARAM = "response_format";

  /**
   * The format {@code request} asks for, its schema checked (and compiled once) by {@code
   * validator}; empty when it asks for none.
   *
   * @throws GroundedException {@code invalid_request} naming the field when the format or its
   *     schema is not valid
   */
  static Optional<ResponseFormat> of(ChatRequest request, SchemaValidator validator) {
    Optional<JsonNode> format = request.responseFormat();
    if (format.isEmpty()) return Optional.empty();
    JsonNode type = format.get().get("type");
    if (type == null || !type.isTextual())
      throw GroundedException.invalid(PARAM + ".type", "response_format.type must be a string");
    switch (type.asText()) {
      case "text" -> {
        return Optional.empty();
      }
      case "json_object" -> {
        return Optional.of(new ResponseFormat(true, Optional.empty()));
      }
      case "json_schema" -> {
        return Optional.of(jsonSchema(format.get().get("json_schema"), validator));
      }
      default ->
          throw GroundedException.invalid(
              PARAM + ".type",
              "response_format.type must be text, json_object or json_schema, not '"
                  + type.asText()
                  + "'");
    }
  }

  private static ResponseFormat jsonSchema(JsonNode spec, SchemaValidator validator) {
    String param = PARAM + ".json_schema";
    if (spec == null || !spec.isObject())
      throw GroundedException.invalid(
          param, "response_format.json_schema must be an object with a name and a schema");
    JsonNode name = spec.get("name");
    if (name != null && !name.isTextual())
      throw GroundedException.invalid(param + ".name", "json_schema.name must be a string");
    JsonNode schema = spec.get("schema");
    if (schema == null || schema.isNull()) return new ResponseFormat(false, Optional.empty());
    try {
      validator.check(schema);
    } catch (SchemaValidator.InvalidSchemaException e) {
      throw GroundedException.invalid(
          param + ".schema", "response_format.json_schema.schema is invalid: " + e.getMessage());
    }
    return new ResponseFormat(false, Optional.of(schema));
  }
}
