package dev.grounded.gateway.messages;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;

/**
 * Anthropic's error shape, {@code {"type":"error","error":{"type","message"}}}, for the HTTP errors
 * of {@code /v1/messages} (with the status of the {@link ErrorCode}) and for the {@code error}
 * event that ends a stream failing after it began (Anthropic's SDKs raise an {@code APIError} on
 * it).
 */
public final class MessagesErrors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MessagesErrors() {}

  /** Anthropic's error {@code type} for a code; its SDKs branch on it and on the status. */
  public static String type(ErrorCode code) {
    return switch (code) {
      case UNAUTHORIZED -> "authentication_error";
      case FORBIDDEN -> "permission_error";
      case NOT_FOUND, MODEL_NOT_FOUND -> "not_found_error";
      case PAYLOAD_TOO_LARGE -> "request_too_large";
      case RATE_LIMITED, BUDGET_EXCEEDED -> "rate_limit_error";
      case SERVER_BUSY -> "overloaded_error";
      case UPSTREAM_ERROR, STORAGE_ERROR, INTERNAL -> "api_error";
      default -> "invalid_request_error";
    };
  }

  public static ObjectNode body(ErrorCode code, String message) {
    ObjectNode root = JSON.createObjectNode().put("type", "error");
    root.putObject("error").put("type", type(code)).put("message", message);
    return root;
  }

  public static ObjectNode body(GroundedException e) {
    return body(e.code(), e.getMessage());
  }
}
