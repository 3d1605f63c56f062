package dev.grounded.gateway.chain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.GroundedException;

/** The OpenAI-shaped terminal event of a stream that failed after it began. */
public final class StreamErrors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StreamErrors() {}

  /**
   * The {@code data:} payload that ends a failed stream: {@code {"error":{"message","type","param",
   * "code"}}}, as OpenAI sends mid-stream, so SDKs raise an error instead of returning cut text.
   */
  public static String event(GroundedException e) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode error = root.putObject("error");
    error.put("message", e.getMessage());
    error.put("type", e.code().httpStatus() >= 500 ? "server_error" : "invalid_request_error");
    if (e.param().isPresent()) error.put("param", e.param().get());
    else error.putNull("param");
    error.put("code", e.code().code());
    return root.toString();
  }
}
