package dev.grounded.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.GroundedException;
import io.javalin.http.Context;
import java.io.IOException;

/** The server's JSON: one mapper, request bodies parsed with clear errors, responses written. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** The request body as a JSON object; malformed or non-object bodies are a 400. */
  static Body body(Context ctx) {
    byte[] bytes = ctx.bodyAsBytes();
    if (bytes.length == 0) throw GroundedException.invalid(null, "the request body is empty");
    JsonNode node;
    try {
      node = MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw GroundedException.invalid(
          null, "the request body is not valid JSON: " + firstLine(e.getMessage()));
    }
    if (node == null || !node.isObject())
      throw GroundedException.invalid(null, "the request body must be a JSON object");
    return new Body((ObjectNode) node, "");
  }

  static void write(Context ctx, int status, Object value) {
    try {
      ctx.status(status).contentType("application/json").result(MAPPER.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  static String string(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) return "unreadable";
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
